"""The Committee's legend, printed with every matrix: what the matrix is and what its marks mean.

One place for its words, used by the matrix page, its PDF, the CSV and XLSX exports, the letter and
the statistics page, so that nowhere does the system say more than the Committee says: the marks
are indicators of fact (information found, with its source), never of the degree of compliance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from states.matrices.choices import MatrixMark

INTRODUCTION = _(
    "The matrix organises the information on the implementation of resolution 1540 (2004) that "
    "the 1540 Committee's experts found in the national reports and in official information made "
    "available by the State. Its entries are indicators of fact, not indicators of the degree of "
    "compliance with the resolution."
)

TITLE = _("Legend")


@dataclass(frozen=True)
class LegendLine:
    mark: str
    symbol: Promise | str
    meaning: Promise


LINES = (
    LegendLine(
        MatrixMark.IN_PLACE,
        "X",
        _("Information was found on this point; its source is given."),
    ),
    LegendLine(
        MatrixMark.DOUBTFUL,
        "?",
        _(
            "The information found is incomplete or its relevance is not clear; the State is "
            "invited to clarify it."
        ),
    ),
    LegendLine(
        MatrixMark.NOT_APPLICABLE,
        "NA",
        _("Not applicable to the State (for instance, it has no facilities of that kind)."),
    ),
    LegendLine(
        MatrixMark.EMPTY,
        _("blank"),
        _("No information was found; the State is invited to provide it."),
    ),
)


def legend() -> dict:
    """The legend, in the active language: ``{% matrix_legend as legend %}`` gives it to
    ``states/_matrix_legend.html``."""
    return {"title": TITLE, "introduction": INTRODUCTION, "lines": LINES}


def legend_rows() -> list[list[str]]:
    """The legend as rows of text, for the CSV and XLSX exports."""
    rows = [[str(TITLE)], [str(INTRODUCTION)]]
    rows += [[str(line.symbol), str(line.meaning)] for line in LINES]
    return rows
