"""Validators shared by the models of every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Overrides force every following character into one direction: "‮fdp.exe" shows as
# "exe.pdf". They have no use in a title that Arabic, Hebrew or mixed text needs (the Unicode
# bidirectional algorithm orders those by itself), so they are always refused.
OVERRIDES = {"\u202d": "U+202D", "\u202e": "U+202E"}
# Embeddings and isolates are legitimate in mixed-direction text when each is closed; an
# unclosed one reorders whatever is shown after the title on the page (a list, a CSV row).
OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069"}
OPENERS["\u2068"] = "\u2069"
CLOSERS = {"\u202c", "\u2069"}


def _unbalanced(value: str) -> list[str]:
    found: list[str] = []
    open_marks: list[str] = []
    for character in value:
        if character in OPENERS:
            open_marks.append(character)
        elif character in CLOSERS:
            if open_marks and OPENERS[open_marks[-1]] == character:
                open_marks.pop()
            else:
                found.append(character)
    return found + open_marks


@deconstructible
class NoBidiOverride:
    """Refuse text that would be shown in another order than it is written: right-to-left or
    left-to-right overrides, and direction embeddings or isolates left unclosed. Ordinary
    Arabic (or any right-to-left) text needs none of these and is accepted."""

    code = "bidi_override"

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        marks = [OVERRIDES[c] for c in value if c in OVERRIDES]
        marks += [f"U+{ord(c):04X}" for c in _unbalanced(value)]
        if marks:
            raise ValidationError(
                _(
                    "Remove the invisible direction-control characters (%(characters)s): they "
                    "make the text display in a different order than it is written."
                ),
                code=self.code,
                params={"characters": ", ".join(dict.fromkeys(marks))},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoBidiOverride)

    def __hash__(self) -> int:
        return hash(self.code)


no_bidi_override = NoBidiOverride()
