"""Plain-Python services behind the dashboard: no Streamlit imports here."""
