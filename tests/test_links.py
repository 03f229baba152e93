"""Shareable state (ui.links): every choice in the address bar, always written, untrusted values ignored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.core import strings, text
from services.core.config import Plan
from tests.conftest import ROOT, run_page
from ui import links

MAP = "pages/map.py"
OVERVIEW = "pages/overview.py"
BY_PARAM = {link.param: link for link in links.LINKS}


@pytest.mark.parametrize(
    ("param", "raw", "value", "bad"),
    [
        ("nhom", "co_so_dang", ["co_so_dang"], []),
        ("nhom", "co_so_dang,,ubnd_quan,co_so_dang", ["co_so_dang", "ubnd_quan"], []),
        ("nhom", "co_so_dang,<b>x</b>", ["co_so_dang"], ["<b>x</b>"]),
        ("nhom", "", [], []),
        ("hinhthuc", "the_thao,nope", ["the_thao"], ["nope"]),
        ("chiso", "participants", "participants", []),
        ("chiso", "PARTICIPANTS", None, ["PARTICIPANTS"]),
        ("phamvi", "phase", "phase", []),
        ("lang", "en", "en", []),
        ("lang", "fr", None, ["fr"]),
    ],
)
def test_parse(plan: Plan, param: str, raw: str, value: object, bad: list[str]) -> None:
    assert links.parse(BY_PARAM[param], raw, links.choices(plan)[param]) == (value, bad)


def _sidebar_warnings(at: Any) -> str:
    return " ".join(w.value for w in at.sidebar.warning)


def test_every_parameter_is_written_even_the_defaults(plan: Plan) -> None:
    at = run_page(OVERVIEW)
    assert not at.exception
    params = dict(at.query_params)
    wanted = {"ngay", *BY_PARAM}
    assert wanted <= set(params)
    assert params["lang"] == "vi" and params["nhom"] == "" and params["chiso"] == "activities"
    assert params["phuong"] == next(iter(plan.ward_names))
    link = at.sidebar.code[0].value
    assert "ngay=2016-01-15" in link and "lang=vi" in link


def test_a_link_restores_filters_language_and_the_map_choices(plan: Plan) -> None:
    ward = list(plan.ward_names)[3]
    query = {
        "ngay": "2016-01-25",
        "nhom": "co_so_dang",
        "hinhthuc": "the_thao",
        "phuong": ward,
        "chiso": "participants",
        "phamvi": "phase",
        "lang": "en",
    }
    at = run_page(OVERVIEW, query=query)
    assert not at.exception
    assert at.title[0].value == strings.t("page_overview", "en")
    assert at.sidebar.multiselect(key="f_groups").value == ["co_so_dang"]
    assert at.sidebar.multiselect(key="f_forms").value == ["the_thao"]
    assert at.sidebar.date_input(key="as_of").value == dt.date(2016, 1, 25)
    at.switch_page(MAP).run()  # the map's widgets were not drawn on the overview: kept, then restored
    assert at.selectbox(key="map_ward").value == ward
    assert at.radio(key="map_metric").value == "participants"
    assert at.radio(key="map_scope").value == "phase"
    assert {k: at.query_params[k] for k in query} == query


def test_a_choice_changes_the_link(plan: Plan) -> None:
    at = run_page(MAP)
    ward = list(plan.ward_names)[5]
    at.selectbox(key="map_ward").set_value(ward).run()
    assert at.query_params["phuong"] == ward
    at.radio(key="lang_choice").set_value("en").run()
    assert at.query_params["lang"] == "en"
    at.switch_page(OVERVIEW).run()
    assert at.query_params["phuong"] == ward and at.query_params["lang"] == "en"


def test_untrusted_values_are_ignored_and_shown_as_text() -> None:
    from streamlit.testing.v1 import AppTest

    hostile = "**x**](javascript:alert(1))"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"phuong": hostile, "nhom": "co_so_dang,zzz", "lang": "xx"})
    at.run()  # the page the link opens (the overview)
    assert not at.exception
    warning = _sidebar_warnings(at)
    assert "javascript" in warning and "](javascript" not in warning  # escaped: no markdown link
    assert "zzz" in warning and text.md_escape("lang=xx") in warning
    assert at.sidebar.multiselect(key="f_groups").value == ["co_so_dang"]
    assert at.query_params["lang"] == "vi" and "javascript" not in at.query_params["phuong"]


def test_the_address_bar_is_written_in_one_message_then_none_when_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every parameter is still written (the date too), but each write is a message to the browser: one, then none."""
    from streamlit.runtime.state import query_params

    sent: list[str] = []
    real = query_params.QueryParams._send_query_param_msg
    monkeypatch.setattr(query_params.QueryParams, "_send_query_param_msg", lambda self: sent.append("q") or real(self))
    at = run_page(MAP)
    assert {"ngay", *BY_PARAM} <= set(at.query_params)
    sent.clear()
    at.run()  # a rerun with nothing changed
    assert sent == []
    at.radio(key="map_metric").set_value("participants").run()
    assert len(sent) == 1 and at.query_params["chiso"] == "participants"
