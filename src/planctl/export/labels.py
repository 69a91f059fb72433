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
    # The report's first page and its parts, in the order of the report handed over in March 2019.
    "report_date": ("Datum", "Date"),
    "plan_revision": ("Planens version", "Plan revision"),
    "not_in_git": ("inte i git", "not in git"),
    "uncommitted": ("med ändringar som inte är incheckade", "with changes not yet committed"),
    "selection": ("Urval", "Selection"),
    "overview": ("Läget i korthet", "The state in brief"),
    "part_needs": ("1. Behov som huvudmännen har lyft", "1. Needs raised by the school organisers"),
    "part_mapping": ("2. Kartläggning av pågående insatser per fokusområde och delmål",
                     "2. Mapping of ongoing initiatives per focus area and sub-goal"),
    "part_proposed": ("3. Föreslagna insatser och ansvarsfördelning",
                      "3. Proposed initiatives and the division of responsibility"),
    "part_gaps": ("4. Luckor", "4. Gaps"),
    "part_roles": ("5. Ansvar per aktör", "5. Responsibilities per owner"),
    "no_needs": ("Inga behov är registrerade i planen.", "No needs are recorded in the plan."),
    "raised_by": ("Lyft av", "Raised by"),
    "answered_by": ("Insatser som svarar mot behovet", "Initiatives answering the need"),
    "no_answer": ("Ingen insats svarar ännu mot behovet.", "No initiative answers the need yet."),
    "no_proposed": ("Inga föreslagna insatser.", "No proposed initiatives."),
    "needs_unanswered": ("Behov som ingen insats svarar mot", "Needs no initiative answers"),
    "decider_unknown": ("Föreslagna insatser där det inte är känt vem som beslutar",
                        "Proposed initiatives where who decides is not known"),
    "no_gaps": ("Inga.", "None."),
    "changes_since": ("Förändringar sedan förra rapporten", "Changes since the last report"),
    "compared_with": ("Jämfört med {base} ({sha}, {date}). Sedan dess: {commits} som rör planen.",
                      "Compared with {base} ({sha}, {date}). Since then: {commits} touching the plan."),
    "n_commits_one": ("{n} incheckning", "{n} commit"),
    "n_commits_many": ("{n} incheckningar", "{n} commits"),
    "compared_with_empty": ("Jämfört med {base}, före planens första incheckning: allt i planen är nytt.",
                            "Compared with {base}, before the plan's first commit: everything in it is new."),
    "changes_selection": ("Ändringar av de valda insatserna; borttagna insatser visas bara utan urval.",
                          "Changes of the selected initiatives; removed initiatives are shown only without a "
                          "selection."),
    "chg_new": ("Nya insatser", "New initiatives"),
    "chg_completed": ("Genomförda insatser", "Completed initiatives"),
    "chg_cancelled": ("Avbrutna insatser", "Cancelled initiatives"),
    "chg_reassigned": ("Insatser med ny ansvarig", "Re-assigned initiatives"),
    "chg_status": ("Andra statusändringar", "Other status changes"),
    "chg_removed": ("Insatser som tagits bort ur planen", "Initiatives removed from the plan"),
    "chg_other": ("Övriga ändringar", "Other changes"),
    "no_changes": ("Inga ändringar av insatserna.", "No changes to the initiatives."),
    "added": ("tillagd", "added"),
    "removed": ("borttagen", "removed"),
    "changed": ("ändrad", "changed"),
    "renamed": ("nytt id, tidigare {old}", "new id, formerly {old}"),
}


def enum_label(enum: str, value: str | None, lang: str) -> str:
    """The reader's word for an enum value; an unknown value is shown as it is."""
    return spec.ENUMS[enum].label(value, lang)


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][lang_index(lang)]
    return text.format(**values) if values else text
