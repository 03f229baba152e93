"""Đơn vị (being built)."""

import streamlit as st

from ui import context

ctx = context.sidebar()
st.title(ctx.t("page_units"))
