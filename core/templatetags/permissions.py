"""``{% can %}``: the one way a template asks who may do what, by a rule of the registry
(core/permissions.py), so that a page shows a link or a button exactly when the service behind
it would accept the person. Loaded into every template (settings: TEMPLATES builtins).

    {% can "assistance.submit_request" as may_submit %}
    {% if may_submit %}<a href="…">Submit a request</a>{% endif %}
    {% can "states.publish_report" report as may_publish %}
"""

from __future__ import annotations

from typing import Any

from django import template

from core.permissions import can as holds

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, name: str, obj: Any = None) -> bool:
    """Whether the person reading the page holds the rule ``name`` (on ``obj``). A template
    rendered without a request (a mail, a PDF) has no reader: the answer is no."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return holds(user, name, obj)
