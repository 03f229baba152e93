"""Print styles for every page: A4, no sidebar, no header, no input widgets, the content full width.

Injected once per run by :func:`ui.context.sidebar`, which every page calls first. A style-only
``st.html`` takes no room on the page. The meeting page adds its own landscape layout on top
(``ui.views.brief_view.STYLE``), which comes later in the page and so wins where both speak.
"""

from __future__ import annotations

import streamlit as st

# Static CSS, no data. Widgets are hidden by their element classes: on paper only the answers count.
PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSidebarCollapsedControl"], [data-testid="stElementToolbar"],
  .stSelectbox, .stMultiSelect, .stRadio, .stDateInput, .stTextInput, .stButton, .stDownloadButton,
  .stCheckbox, .stSegmentedControl, .stPills { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: visible !important; }
  [data-testid="stMetric"], [data-testid="stExpander"], [data-testid="stAlert"] { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def styles() -> None:
    """Add the print styles to this page."""
    st.html(PRINT_CSS)
