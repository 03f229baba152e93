"""Đăng nhập: the only page an unauthenticated visitor sees."""

import streamlit as st

from ui import auth, boot, navigation

boot.leave_legacy_navigation()
navigation.use_plan_words(st.session_state.get("lang", "vi"))
auth.sign_in_page(st.session_state.get("lang", "vi"))
