"""Access: sign-in, roles and access codes (no Streamlit here; ui/auth.py draws the gate)."""
