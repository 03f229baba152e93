"""Đăng nhập: the only page an unauthenticated visitor sees."""

import streamlit as st

from ui import auth, boot

boot.leave_legacy_navigation()
auth.sign_in_page(st.session_state.get("lang", "vi"))
