"""Streamlit widgets shared by the pages (sidebar, page context)."""
