"""``{% matrix_legend as legend %}``: the Committee's legend (states/matrices/legend.py) for the
matrix pages, the PDF and the statistics page."""

from __future__ import annotations

from django import template

from states.matrices.legend import legend

register = template.Library()


@register.simple_tag
def matrix_legend() -> dict:
    return legend()
