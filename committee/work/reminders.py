"""The note verbale template (8(b)) as a sandbox: the secretariat writes it in Django's template
syntax, but it may only print a fixed set of plain-text variables through a few text filters.
No tags (no ``{% include %}``, ``{% load %}``, ``{% debug %}``), no attribute lookups, no other
names: whatever the secretariat types, rendering cannot reach anything but the values given."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Node, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode
from django.utils.translation import gettext as _

# What a note may say about its state; the values are always plain strings.
VARIABLES = {
    "state": _("the state's name"),
    "iso3": _("the state's ISO3 code"),
    "date": _("the date of the note"),
    "reference": _("the note's reference"),
    "chair": _("the delegation chairing the Committee"),
}
FILTERS = {"upper", "lower", "title", "capfirst", "default"}

# Only the filters library: a tag of any kind is "invalid block tag" when parsing.
ENGINE = Engine(
    builtins=["django.template.defaultfilters"], libraries={}, loaders=[], autoescape=False
)

DEFAULT_SUBJECT = "Submission of the first national report under resolution 1540 (2004)"
DEFAULT_BODY = """\
The Chair of the Security Council Committee established pursuant to resolution 1540 (2004) \
presents her or his compliments to the Permanent Mission of {{ state }} to the United Nations \
and has the honour to refer to paragraph 4 of resolution 1540 (2004), by which the Security \
Council called upon all States to present a first report to the Committee on the steps they \
have taken or intend to take to implement the resolution.

The Committee notes that, as at {{ date }}, {{ state }} has not yet submitted its first report. \
In line with paragraph 8 (b) of its programme of work, the Committee encourages {{ state }} to \
submit it at its earliest convenience, and recalls that assistance in preparing the report is \
available on request, including through the Committee's Group of Experts.

The Committee stands ready to meet representatives of {{ state }}, including on the margins of \
the General Assembly, to discuss the report and any assistance needed.

The Chair of the Committee avails herself or himself of this opportunity to renew to the \
Permanent Mission of {{ state }} the assurances of her or his highest consideration.

Reference: {{ reference }}"""


def _variables_of(node: VariableNode) -> list[Variable | None]:
    expression = node.filter_expression
    found = [expression.var if isinstance(expression.var, Variable) else None]
    for _function, arguments in expression.filters:
        for _is_lookup, argument in arguments:
            if isinstance(argument, Variable):
                found.append(argument)
    return found


def _check(nodes: list[Node]) -> None:
    allowed = ", ".join("{{ " + name + " }}" for name in VARIABLES)
    for node in nodes:
        if isinstance(node, TextNode | CommentNode):
            continue
        if not isinstance(node, VariableNode):
            token = getattr(getattr(node, "token", None), "contents", "") or _("a tag")
            raise ValidationError(
                _("“{%% %(tag)s %%}” is not allowed: the text may hold only words and variables.")
                % {"tag": token.split()[0] if token.split() else token},
                code="tag",
            )
        for variable in _variables_of(node):
            if variable is None:
                continue
            if variable.literal is not None:
                continue
            if len(variable.lookups) != 1 or variable.var not in VARIABLES:
                raise ValidationError(
                    _("The text uses {{ %(name)s }}, which is not available. Use only %(allowed)s.")
                    % {"name": variable.var, "allowed": allowed},
                    code="unknown_variable",
                )
        for function, _arguments in node.filter_expression.filters:
            name = getattr(function, "_filter_name", function.__name__)
            if name not in FILTERS:
                raise ValidationError(
                    _("The filter “%(name)s” is not available. Use only %(allowed)s.")
                    % {"name": name, "allowed": ", ".join(sorted(FILTERS))},
                    code="unknown_filter",
                )


def compile_note(body: str):
    """Parse and check a template text; raise a ValidationError that says what to change."""
    try:
        template = ENGINE.from_string(body)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The text is not a valid template: %(error)s") % {"error": error}, code="syntax"
        ) from None
    _check(list(template.nodelist))
    return template


def render_note(body: str, values: dict[str, str]) -> str:
    """The note's text for one state. ``values`` holds exactly the known variables."""
    template = compile_note(body)
    return template.render(Context({name: str(values.get(name, "")) for name in VARIABLES}))
