"""Every word an export shows a reader, in Swedish and English.

Enum values in the YAML are English identifiers (`in-preparation`); readers see
labels. Import accepts either language's label, or the identifier itself. The
enums and field labels are the spec's (`planctl.spec`); what is here are the
words of the handouts, the site and the report around the data.
"""

from __future__ import annotations

from planctl import spec
from planctl.spec import LANGS, lang_index

__all__ = ["LANGS", "TEXT", "enum_label", "lang_index", "t"]

# Words of the handouts, the site and the report.
TEXT: dict[str, tuple[str, str]] = {
    "initiatives": ("Insatser", "Initiatives"),
    "n_initiatives_one": ("{n} insats", "{n} initiative"),
    "n_initiatives_many": ("{n} insatser", "{n} initiatives"),
    "goals": ("Mål", "Goals"),
    "owners": ("Aktörer", "Owners"),
    "focus_areas": ("Fokusområden", "Focus areas"),
    "sub_goals": ("Delmål", "Sub-goals"),
    "no_initiatives": ("Inga insatser.", "No initiatives."),
    "none": ("–", "–"),
    "unknown": ("inte känt", "not known"),
    "all": ("Alla", "All"),
    "filter": ("Filtrera insatser", "Filter initiatives"),
    "shown": ("Visar {n} av {total} insatser", "Showing {n} of {total} initiatives"),
    "download_csv": ("Ladda ner planen som CSV (för Excel)", "Download the plan as CSV (for Excel)"),
    "statuses_per_focus_area": ("Status per fokusområde", "Status per focus area"),
    "responsibilities": ("Ansvar per aktör", "Responsibilities per owner"),
    "count": ("Antal", "Count"),
    "back_to_index": ("Till startsidan", "Back to the start page"),
    "part_of": ("Del av", "Part of"),
    "milestones": ("Delleveranser", "Milestones"),
    "done": ("klar", "done"),
    "links": ("Länkar", "Links"),
    "indicators": ("Indikatorer", "Indicators"),
    "website": ("Webbplats", "Website"),
    "handout": ("Mötesunderlag", "Meeting handout"),
    "per_owner": ("Insatser per aktör", "Initiatives per owner"),
    "total": ("Totalt", "Total"),
    "report": ("Rapport till regeringen", "Report to the government"),
    "status_counts": ("Insatsernas status", "Status of the initiatives"),
    "ongoing_per_goal": ("Pågående insatser per fokusområde och delmål",
                         "Ongoing initiatives per focus area and sub-goal"),
    "proposed": ("Föreslagna insatser", "Proposed initiatives"),
    "who_decides": ("Beslut", "Decides"),
    "who_acts": ("Aktör", "Acts"),
    "uncovered": ("Delmål som ingen insats bidrar till", "Sub-goals no initiative serves"),
    "all_covered": ("Alla delmål har minst en insats.", "Every sub-goal has at least one initiative."),
    "grp_decided": ("Beslutade", "Decided"),
    "grp_preparing": ("Under beredning eller arbete pågår", "Being prepared or work under way"),
    "grp_not_started": ("Inte påbörjade (föreslagna)", "Not started (proposed)"),
    "grp_done": ("Genomförda", "Completed"),
    "grp_cancelled": ("Avbrutna", "Cancelled"),
    "chart": ("Diagram", "Chart"),
    "status_group": ("Läge", "State"),
    "no_ongoing": ("Inga pågående insatser.", "No ongoing initiatives."),
    "owner_col": ("Aktör", "Owner"),
    "initiative_col": ("Insats", "Initiative"),
    "report_intro": ("Rapporten är sammanställd ur planens data med planctl.",
                     "This report was compiled from the plan's data with planctl."),
}


def enum_label(enum: str, value: str | None, lang: str) -> str:
    """The reader's word for an enum value; an unknown value is shown as it is."""
    return spec.ENUMS[enum].label(value, lang)


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][lang_index(lang)]
    return text.format(**values) if values else text
