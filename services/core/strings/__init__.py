"""Every user-visible string: Vietnamese first (vi.py), English second (en.py).

``t(key, lang, **params)`` formats a template. Both languages have the same keys
(a test checks it), so an unknown key is a bug and raises ``KeyError`` loudly
instead of showing the key to a user.

Words that belong to the plan in use (what an area is called: phường, xã…; the
district-wide label; an example date inside the plan) are "terms": templates name
them as ``{area}``, ``{Area}``, ``{areas}``, ``{district}``, ``{district_wide}``,
``{district_wide_lower}``, ``{lead_office}`` and ``{example_date}``. The dashboard and
the CLI call :func:`use_terms` with :func:`terms_of` the plan they loaded, per script
run / command (a context variable, so concurrent sessions never mix them).

Plurals: when a template counts with ``{n}`` and ``n == 1``, the key ``<key>_one`` is
used instead if it exists ("1 theme overdue", "2 themes overdue").
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import Any

from services.core.config.plan import Plan
from services.core.strings.en import EN
from services.core.strings.vi import VI

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
CATALOG: dict[str, dict[str, str]] = {"vi": VI, "en": EN}
Terms = dict[str, dict[str, str]]  # lang -> term -> word

# Used before any plan is loaded (e.g. a config error page): neutral words.
GENERIC_TERMS: Terms = {
    "vi": {"area": "phường", "Area": "Phường", "areas": "phường", "Areas": "Phường", "district": "quận",
           "district_wide": "Toàn quận", "district_wide_lower": "toàn quận", "lead_office": "Ban Tuyên giáo",
           "example_date": "dd/mm/yyyy"},
    "en": {"area": "ward", "Area": "Ward", "areas": "wards", "Areas": "Wards", "district": "district",
           "district_wide": "District-wide", "district_wide_lower": "district-wide",
           "lead_office": "the propaganda department", "example_date": "dd/mm/yyyy"},
}  # fmt: skip
ONE = "_one"  # a key's singular variant, used when the parameter ``n`` is 1
_TERMS: ContextVar[Terms] = ContextVar("plan_terms", default=GENERIC_TERMS)


def example_date(plan: Plan) -> str:
    """A day-first example date inside the plan whose day cannot be read as a month (day > 12)."""
    day = plan.period.start
    while day.day <= 12 and day < plan.period.end:
        day += dt.timedelta(days=1)
    return f"{day:%d/%m/%Y}"


def terms_of(plan: Plan) -> Terms:
    """The plan's own words for the term placeholders, in both languages."""
    vi_area, en_area = plan.area_level, plan.area_level_en
    en_areas = plan.area_level_en_plural or f"{en_area}s"
    wide = plan.district_wide[0] if plan.district_wide else GENERIC_TERMS["vi"]["district_wide"]
    wide_en = plan.district_wide_en or GENERIC_TERMS["en"]["district_wide"]
    lead = plan.document.report_issuer_name or GENERIC_TERMS["vi"]["lead_office"]
    example = example_date(plan)
    return {
        "vi": {"area": vi_area, "Area": vi_area[:1].upper() + vi_area[1:], "areas": vi_area,
               "Areas": vi_area[:1].upper() + vi_area[1:], "district": plan.district_level,
               "district_wide": wide, "district_wide_lower": wide.lower(), "lead_office": lead,
               "example_date": example},
        "en": {"area": en_area, "Area": en_area[:1].upper() + en_area[1:], "areas": en_areas,
               "Areas": en_areas[:1].upper() + en_areas[1:], "district": plan.district_level_en,
               "district_wide": wide_en, "district_wide_lower": wide_en.lower(),
               "lead_office": GENERIC_TERMS["en"]["lead_office"], "example_date": example},
    }  # fmt: skip


def use_terms(terms: Terms) -> None:
    """Use ``terms`` for every ``t()`` in the current context (this script run or command)."""
    _TERMS.set(terms)


def t(key: str, lang: str = "vi", **params: Any) -> str:
    """Return the text for ``key`` in ``lang`` (Vietnamese for an unknown language) with ``params`` filled in."""
    catalog = CATALOG.get(lang, VI)
    template = catalog[key]
    if params.get("n") == 1 and f"{key}{ONE}" in catalog:  # English says "1 theme", not "1 themes"
        template = catalog[f"{key}{ONE}"]
    if "{" not in template:
        return template
    terms = _TERMS.get()
    return template.format_map({**terms.get(lang, terms["vi"]), **params})
