"""The plan's index of who names what (`planctl.goaltree`) answers exactly as a pass over
every initiative does, on random plans: the exports and the report read it for each goal
and owner, where they used to scan the plan each time."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from planctl import spec
from planctl.export.collate import sort_key
from planctl.goaltree import (
    PlanLookup,
    focus_areas,
    initiatives_serving,
    named_by,
    named_by_any,
    naming,
    serves,
    serving,
    serving_any,
    sub_goals,
)
from planctl.model import Document, Goal, Initiative, Owner, Plan

GOAL_IDS = ["FO1", "FO2", "FO10", "FO1.1", "FO1.2", "FO1.10", "FO2.1", "FO1.2.3", "fo1"]
OWNER_IDS = ["skr", "Skr", "skolverket", "å-aktör", "a10", "a9"]
NEED_IDS = ["BEH-1", "BEH-2", "BEH-10"]
INI_IDS = [f"INI-{n}" for n in (1, 2, 9, 10, 11, 100)] + ["ini-5", "INI-Å"]
NAMES = st.sampled_from([None, "", "Skolverket", "skolverket", "SKR", "Å", "å"])


def _goal(ident: str, parent: str | None, title: str | None) -> Goal:
    return Goal(ident, title, None, parent, [], Document(f"plan/goals/{ident}.yaml", "goal"))


def _ini(ident: str, title: str | None = None, goals: list[str] | None = None, owner: str | None = "skr",
         decided_by: str | None = None, participants: list[str] | None = None,
         needs: list[str] | None = None) -> Initiative:
    return Initiative(id=ident, title=title, description=None, goals=goals or [], needs=needs or [], owner=owner,
                      decided_by=decided_by, participants=participants or [], status=None, horizon=None, start=None,
                      end=None, milestones=[], links=[], tags=[], comment=None,
                      doc=Document(f"plan/initiatives/{ident}.yaml", "initiative"))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    plan = Plan(root=Path("."))
    for ident in draw(st.lists(st.sampled_from(GOAL_IDS), max_size=9)):
        plan.add(_goal(ident, draw(st.sampled_from([None, *GOAL_IDS])), draw(NAMES)))
    for ident in draw(st.lists(st.sampled_from(OWNER_IDS), max_size=6)):
        plan.add(Owner(ident, draw(NAMES), None, None, None, None, Document(f"plan/owners/{ident}.yaml", "owner")))
    refs = st.sampled_from([None, *OWNER_IDS, "gone"])
    for ident in draw(st.lists(st.sampled_from(INI_IDS), max_size=12)):
        plan.add(_ini(ident, draw(NAMES), draw(st.lists(st.sampled_from([*GOAL_IDS, "FO3", "FO3.1"]), max_size=4)),
                      draw(refs), draw(refs), draw(st.lists(st.sampled_from(OWNER_IDS), max_size=3)),
                      draw(st.lists(st.sampled_from(NEED_IDS), max_size=3))))
    return plan


def _by_id(items: list[Initiative]) -> list[Initiative]:
    return sorted(items, key=lambda i: sort_key(i.id))


def _check(plan: Plan) -> None:
    inis = list(plan.initiatives.values())
    for goal_id in [*GOAL_IDS, "FO3", "FO3.1", "nothing"]:
        assert serving(plan, goal_id) == _by_id([i for i in inis if goal_id in i.goals])
        assert serving_any(plan, goal_id) == _by_id([i for i in inis if serves(i, goal_id)])
        goal = _goal(goal_id, None, None)
        assert initiatives_serving(plan, goal) == sorted((i.id for i in inis if serves(i, goal_id)), key=sort_key)
        assert sub_goals(plan, goal) == sorted((g for g in plan.goals.values() if g.parent == goal_id),
                                               key=lambda g: sort_key(g.id))
    assert focus_areas(plan) == sorted((g for g in plan.goals.values() if g.is_focus_area),
                                       key=lambda g: sort_key(g.id))
    for f in (f for f in spec.INITIATIVE.fields if f.ref == "owner"):
        for ident in [*OWNER_IDS, "gone"]:
            found = [i for i in inis
                     if (ident in getattr(i, f.attribute) if f.many else getattr(i, f.attribute) == ident)]
            assert named_by(plan, ident, f) == _by_id(found)
            assert naming(plan, ident, f) == sorted((i.id for i in found), key=sort_key)
    refs = [f for f in spec.INITIATIVE.fields if f.ref is not None]
    for ident in [*NEED_IDS, *OWNER_IDS, "FO1.1"]:
        for chosen in (refs, [f for f in refs if f.ref == "need"], refs[:1]):
            assert named_by_any(plan, ident, chosen) == _by_id([
                i for i in inis if any(ident in getattr(i, f.attribute) if f.many else getattr(i, f.attribute) == ident
                                       for f in chosen)])
    lookup = PlanLookup(plan)
    for kind in ("goal", "initiative", "owner"):
        for name in ["", "skolverket", "SKR", "å", "nobody"]:
            assert lookup.named(kind, name) == [
                ident for ident in lookup.ids(kind)
                if spec.fold(lookup.label(kind, ident) or "") == spec.fold(name)]


@settings(max_examples=300, deadline=None)
@given(plans())
def test_the_index_answers_as_a_scan_does(plan: Plan) -> None:
    _check(plan)


@settings(max_examples=50, deadline=None)
@given(plans(), st.sampled_from(INI_IDS), st.lists(st.sampled_from(GOAL_IDS), min_size=1, max_size=2))
def test_an_entity_added_after_a_question_is_in_the_next_answer(plan: Plan, ident: str, goals: list[str]) -> None:
    _check(plan)  # builds the indexes
    plan.add(_ini(f"{ident}-ny", goals=goals, needs=["BEH-1"]))
    _check(plan)


def test_a_restricted_plan_has_indexes_of_its_own() -> None:
    """`--where` makes a copy with fewer initiatives (`dataclasses.replace`): the copy must not
    answer from the whole plan's index."""
    from dataclasses import replace

    plan = Plan(root=Path("."))
    plan.add(_goal("FO1.1", "FO1", "Mål"))
    for ident in ("INI-1", "INI-2"):
        plan.add(_ini(ident, goals=["FO1.1"]))
    assert [i.id for i in serving(plan, "FO1.1")] == ["INI-1", "INI-2"]
    part = replace(plan, initiatives={"INI-2": plan.initiatives["INI-2"]})
    assert [i.id for i in serving(part, "FO1.1")] == ["INI-2"]
    assert [i.id for i in serving(plan, "FO1.1")] == ["INI-1", "INI-2"]
