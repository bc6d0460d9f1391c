"""The language switcher: plain links to the same page in each of the six languages (no form,
so that cached public pages carry no CSRF token)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
                "dir": "rtl" if info["bidi"] else "ltr",
            }
        )
    return links
