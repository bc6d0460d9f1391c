"""Demo acts of national legislation, and the sources that demo matrix entries cite
(manage.py seed_matrices): each state gets a penal code amendment (OP 2), a nuclear security act
(OP 3 (a)(b)) and a strategic export control act (OP 3 (c)(d)), adopted before the first version
of its matrix, and sometimes a later act that only the later versions cite. An OP 2 or OP 3
entry marked X cites the act of its section with an article, and the latest national report the
state had submitted by the version's date, with a page. OP 1 (and the OP 6 and 8 (d) worksheet)
records adherence to treaties and arrangements, not laws: its entries cite none."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime

from core.models import User
from states.choices import ReportStatus, WeaponType
from states.legislation.models import NationalLegislation
from states.legislation.services import record_legislation
from states.matrices.choices import MatrixMark
from states.matrices.models import Matrix, MatrixEntry
from states.models import MemberState, NationalReport

ALL_WEAPONS = list(WeaponType.values)
# By the section an entry's field belongs to (its code's prefix): the kind of act it cites.
SECTION_OF_CODE = {"OP2-": "OP2", "OP3AB-": "OP3AB", "OP3CD-": "OP3CD"}


def _section(code: str) -> str | None:
    return next((s for prefix, s in SECTION_OF_CODE.items() if code.startswith(prefix)), None)


def demo_acts(
    state: MemberState, first_year: int, last_year: int, acting_user: User
) -> dict[str, list[NationalLegislation]]:
    """The state's demo acts by the section they serve, oldest first (recorded through the
    service, so each has its history). Every act is older than ``first_year``, except one later
    act, adopted by ``last_year``, that only the versions from its year cite."""
    rng = random.Random(f"legislation-{state.iso3}")
    address = f"https://legislation.example.org/{state.iso3.lower()}"
    earliest = min(1990, first_year - 1)
    export_topics = ["export_controls", "licensing", "control_lists", "end_user_controls"]
    export_topics += [
        topic
        for topic, chance in (
            ("transit", 0.7),
            ("transshipment", 0.6),
            ("brokering", 0.55),
            ("catch_all", 0.5),
            ("financing", 0.3),
            ("intangible_transfers", 0.25),
        )
        if rng.random() < chance
    ]
    plans = [
        (
            "OP2",
            f"Penal Code of {state.name} (weapons of mass destruction amendment)",
            rng.randint(earliest, first_year - 1),
            ["prohibitions", "penalties"],
            ALL_WEAPONS,
        ),
        (
            "OP3AB",
            "Nuclear Security and Radiation Protection Act",
            rng.randint(earliest, first_year - 1),
            ["accounting", "physical_protection", "penalties"],
            ["nuclear"],
        ),
        (
            "OP3CD",
            "Strategic Goods Export Control Act",
            rng.randint(max(earliest, 1995), first_year - 1),
            [*export_topics, "border_controls", "penalties"],
            ALL_WEAPONS,
        ),
    ]
    if last_year > first_year:
        plans.append(
            (
                "OP3AB",
                "Chemical Weapons Convention Implementation Act",
                rng.randint(first_year, last_year),
                ["prohibitions", "accounting", "physical_protection", "licensing", "penalties"],
                ["chemical"],
            )
        )
    acts: dict[str, list[NationalLegislation]] = {}
    weapons_of: dict[int, list[str]] = {}
    topics_of: dict[int, list[str]] = {}
    for section, title, year, topics, weapons in plans:
        act = record_legislation(
            state,
            acting_user=acting_user,
            title=title,
            year=year,
            language="en",
            topics=topics,
            weapon_types=weapons,
            articles=f"arts. 1-{rng.randint(12, 60)}",
            official_url=f"{address}/{year}-{title.split()[0].lower()}",
        )
        acts.setdefault(section, []).append(act)
        weapons_of[act.pk], topics_of[act.pk] = list(weapons), list(topics)
    for section_acts in acts.values():
        section_acts.sort(key=lambda act: act.year)
        for act in section_acts:
            # What it covers, read once here rather than once per entry that may cite it.
            act.covered_weapons = weapons_of[act.pk]  # type: ignore[attr-defined]
            act.covered_topics = topics_of[act.pk]  # type: ignore[attr-defined]
    return acts


def cite_demo_sources(
    state: MemberState,
    entries: list[MatrixEntry],
    moments: Mapping[Matrix, datetime],
    acting_user: User,
) -> None:
    """Give the OP 2 and OP 3 entries marked X of the state's new (unsaved) entries their act,
    article, report and page, each dated no later than the version (``moments``: the day each
    version was approved or sent). Changes the entries in place, before they are written."""
    if not entries:
        return
    days = {matrix.pk: moment.date() for matrix, moment in moments.items()}
    first, last = min(days.values()), max(days.values())
    acts = demo_acts(state, first.year, last.year, acting_user)
    reports = list(
        NationalReport.objects.filter(state=state, status=ReportStatus.PUBLISHED)
        .exclude(submitted_on=None)
        .order_by("submitted_on")
        .only("pk", "submitted_on")
    )
    rng = random.Random(f"sources-{state.iso3}")
    for entry in entries:
        section = _section(entry.field.code)
        if section is None or entry.mark != MatrixMark.IN_PLACE:
            continue
        day = days[entry.matrix.pk]
        act = _act_for(acts.get(section, []), entry, day)
        if act is not None:
            entry.legislation_id = act.pk
            entry.legal_reference = f"{act.title} ({act.year}), art. {rng.randint(1, 60)}"
        report = _latest_report(reports, day)
        if report is not None:
            entry.source_report_id = report.pk
            entry.source_page = rng.randint(2, 40)


def _act_for(
    candidates: list[NationalLegislation], entry: MatrixEntry, day: date
) -> NationalLegislation | None:
    in_force = [act for act in candidates if act.year <= day.year]
    weapon = entry.field.weapon_type
    fitting = [act for act in in_force if not weapon or weapon in act.covered_weapons]
    if "broker" in entry.field.text.lower():
        fitting = [act for act in fitting if "brokering" in act.covered_topics]
    return fitting[-1] if fitting else None


def _latest_report(reports: list[NationalReport], day: date) -> NationalReport | None:
    found = None
    for report in reports:
        if report.submitted_on is not None and report.submitted_on <= day:
            found = report
    return found
