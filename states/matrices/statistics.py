"""Statistics of the 1540 matrices (programme of work 12(h): analyse and display the data).

They count, for the latest approved matrix of each state, the fields marked X: by section and
weapon type, by regional group, how many states have at most N fields marked, and the average per
state at the end of each year with its change from the year before. Every figure comes from an
aggregate query: the number of queries is the same for 10 states or 193 (tests pin it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from states.choices import MatrixSectionCode, RegionalGroup, WeaponType
from states.matrices.choices import APPROVED_STATUSES, MatrixMark
from states.matrices.models import Matrix, MatrixEntry, MatrixField, end_of_year

DEFAULT_THRESHOLDS = (0, 25, 50, 100, 150, 200, 250, 300, 350)
CACHE_SECONDS = 600


@dataclass
class MatrixStatistics:
    states: int
    fields: int
    marked: int
    by_section: list[dict] = field(default_factory=list)
    by_regional_group: list[dict] = field(default_factory=list)
    by_regional_group_and_section: list[dict] = field(default_factory=list)
    at_most: list[dict] = field(default_factory=list)
    by_year: list[dict] = field(default_factory=list)

    @property
    def average(self) -> float:
        return round(self.marked / self.states, 1) if self.states else 0.0

    def as_rows(self):
        """The same figures as flat rows (table, key, subkey, value) for the CSV download."""
        yield ("summary", "states", "", self.states)
        yield ("summary", "fields_marked_x", "", self.marked)
        yield ("summary", "average_per_state", "", self.average)
        for row in self.by_section:
            yield ("fields_marked_x_by_section", row["section"], row["weapon_type"], row["marked"])
        for row in self.by_regional_group:
            group = row["regional_group"]
            yield ("states_by_regional_group", group, "", row["states"])
            yield ("fields_marked_x_by_regional_group", group, "", row["marked"])
            yield ("average_by_regional_group", group, "", row["average"])
        for row in self.by_regional_group_and_section:
            yield (
                "average_by_regional_group_and_section",
                row["regional_group"],
                row["section"],
                row["average"],
            )
        for row in self.at_most:
            yield ("states_with_at_most_n_fields_marked", row["n"], "", row["states"])
        for row in self.by_year:
            yield ("average_by_year", row["year"], "", row["average"])
            yield ("states_by_year", row["year"], "", row["states"])
            yield ("average_change_by_year", row["year"], "", row["change"])


def cached(*, thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS) -> MatrixStatistics:
    """``compute()``, kept in the cache until a matrix is approved or imported. The entries of an
    approved version never change (the services edit drafts only), so the number of approved
    versions, the newest of them and the latest approval date identify the figures."""
    stamp = Matrix.objects.filter(status__in=APPROVED_STATUSES).aggregate(
        count=Count("pk"), newest=Max("pk"), last=Max("approved_at")
    )
    marker = repr((sorted(stamp.items()), sorted(set(thresholds)), timezone.localdate().year))
    key = "matrix-statistics:" + hashlib.sha256(marker.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = compute(thresholds=thresholds)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _marked_count() -> Count:
    """Per matrix: how many of its entries are marked X. A real aggregate (GROUP BY matrix), so
    that aggregating over it makes Django compute it once per matrix in a derived table rather
    than repeat it inside every FILTER clause."""
    return Count("entries", filter=Q(entries__mark=MatrixMark.IN_PLACE))


def compute(
    *, thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS, as_of: datetime | None = None
) -> MatrixStatistics:
    """Nine aggregate queries, whatever the number of states. With ``as_of``, the matrices as
    approved by then (the annual review's figures as they stood at its chosen date)."""
    # The ids first (one small query): every figure then filters entries by a plain list, which
    # PostgreSQL plans far better than the same NOT EXISTS subquery repeated in each query.
    latest_ids = list(Matrix.objects.latest_approved(as_of=as_of).values_list("pk", flat=True))
    latest = Matrix.objects.filter(pk__in=latest_ids)
    fields = MatrixField.objects.filter(template__is_current=True).count()

    by_section = [
        {
            "section": row["field__section__code"],
            "weapon_type": row["field__weapon_type"],
            "marked": row["marked"],
        }
        for row in MatrixEntry.objects.filter(matrix_id__in=latest_ids, mark=MatrixMark.IN_PLACE)
        .values("field__section__code", "field__weapon_type")
        .annotate(marked=Count("pk"))
        .order_by("field__section__code", "field__weapon_type")
    ]
    section_order = {code: index for index, code in enumerate(MatrixSectionCode.values)}
    weapon_order = {code: index for index, code in enumerate(["", *WeaponType.values])}
    by_section.sort(
        key=lambda row: (section_order.get(row["section"], 99), weapon_order[row["weapon_type"]])
    )

    group_states = {
        row["state__regional_group"]: row["states"]
        for row in latest.order_by().values("state__regional_group").annotate(states=Count("pk"))
    }
    group_marked = {
        row["matrix__state__regional_group"]: row["marked"]
        for row in MatrixEntry.objects.filter(matrix_id__in=latest_ids, mark=MatrixMark.IN_PLACE)
        .values("matrix__state__regional_group")
        .annotate(marked=Count("pk"))
        .order_by()
    }
    by_regional_group = []
    for group in RegionalGroup.values:
        states = group_states.get(group, 0)
        marked = group_marked.get(group, 0)
        by_regional_group.append(
            {
                "regional_group": group,
                "states": states,
                "marked": marked,
                "average": round(marked / states, 1) if states else 0.0,
            }
        )
    by_group_and_section = []
    for row in (
        MatrixEntry.objects.filter(matrix_id__in=latest_ids, mark=MatrixMark.IN_PLACE)
        .values("matrix__state__regional_group", "field__section__code")
        .annotate(marked=Count("pk"))
        .order_by("matrix__state__regional_group", "field__section__code")
    ):
        states = group_states.get(row["matrix__state__regional_group"], 0)
        by_group_and_section.append(
            {
                "regional_group": row["matrix__state__regional_group"],
                "section": row["field__section__code"],
                "marked": row["marked"],
                "average": round(row["marked"] / states, 1) if states else 0.0,
            }
        )

    thresholds = tuple(sorted(set(thresholds)))
    totals = latest.annotate(x_count=_marked_count()).aggregate(
        states=Count("pk"),
        marked=Coalesce(Sum("x_count"), 0),
        **{f"le_{n}": Count("pk", filter=Q(x_count__lte=n)) for n in thresholds},
    )
    at_most = [{"n": n, "states": totals[f"le_{n}"]} for n in thresholds]

    return MatrixStatistics(
        states=totals["states"],
        fields=fields,
        marked=totals["marked"],
        by_section=by_section,
        by_regional_group=by_regional_group,
        by_regional_group_and_section=by_group_and_section,
        at_most=at_most,
        by_year=_by_year(),
    )


def _by_year() -> list[dict]:
    """The average number of fields marked X per state, counting for each year-end the latest
    matrix each state had approved by then; two queries for all the years. Each approved
    version counts from its approval until the approval of the state's next version."""
    approved = Matrix.objects.filter(status__in=APPROVED_STATUSES)
    first = approved.aggregate(first=Min("approved_at"))["first"]
    if first is None:
        return []
    years = list(range(timezone.localtime(first).year, timezone.localdate().year + 1))
    superseded_at = Subquery(
        Matrix.objects.filter(
            state=OuterRef("state"),
            status__in=APPROVED_STATUSES,
            version__gt=OuterRef("version"),
        )
        .order_by("version")
        .values("approved_at")[:1]
    )
    aggregates = {}
    for year in years:
        cutoff = end_of_year(year)
        current = Q(approved_at__lte=cutoff) & (
            Q(superseded_at__isnull=True) | Q(superseded_at__gt=cutoff)
        )
        aggregates[f"states_{year}"] = Count("pk", filter=current)
        aggregates[f"marked_{year}"] = Coalesce(Sum("x_count", filter=current), 0)
    totals = approved.annotate(x_count=_marked_count(), superseded_at=superseded_at).aggregate(
        **aggregates
    )
    rows = []
    previous = None
    for year in years:
        states, marked = totals[f"states_{year}"], totals[f"marked_{year}"]
        average = round(marked / states, 1) if states else 0.0
        change = round(average - previous, 1) if previous is not None else None
        rows.append({"year": year, "states": states, "average": average, "change": change})
        previous = average
    return rows
