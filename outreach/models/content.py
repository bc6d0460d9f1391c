"""The website's own texts: frequently asked questions and the pages on cooperation."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.permissions import restrict
from core.validators import no_bidi_override


class PublishedQuerySet(models.QuerySet):
    def visible_to(self, user) -> PublishedQuerySet:
        return restrict(self, user, "outreach.read_website_text")


class FAQ(models.Model):
    """A frequently asked question on resolution 1540 and the committee's work, with its answer,
    as the website lists them (programme of work 11(b)(iii)). Kept in the six languages, falling
    back to English. An entry taken off the website is unpublished, never deleted."""

    PUBLIC_PAGES = "outreach.read_website_text"

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("sort order", "position"),
        default=0,
        help_text=_("Lower numbers come first."),
    )
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # History: registered in outreach/translation.py, after the per-language columns.
    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("outreach:faq") + f"#faq-{self.pk}"


class CooperationPage(models.Model):
    """A page of the website on the committee's cooperation with the Security Council's other
    counter-terrorism committees (the 1267/1989/2253 and 1373 committees) and with other United
    Nations bodies (programme of work 11(b)(ii)). Kept in the six languages, falling back to
    English; unpublished rather than deleted."""

    PUBLIC_PAGES = "outreach.read_website_text"

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"), default=0)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # History: registered in outreach/translation.py, after the per-language columns.
    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("cooperation page")
        verbose_name_plural = _("cooperation pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:cooperation-page", kwargs={"slug": self.slug})
