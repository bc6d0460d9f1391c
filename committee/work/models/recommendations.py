"""The recommendations of the 2016 comprehensive review of the implementation of resolution 1540
(2004), which paragraph 6 of the programme of work says the Committee will bear in mind in its
work: each one a tracked item, linked to the items of the programme that carry it out, standing
where their records put them (committee/work/progress.py ``recommendation_progress``).

The final document of the review is S/2016/1038 (9 December 2016); the programme's text cites
S/2016/1127 for it (that symbol is the Committee's 2016 annual review, 29 December 2016).
They are loaded from committee/work/data/comprehensive-review-2016-recommendations.json by
``load_programme``, their titles in the six official languages (committee/work/translation.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from committee.work.choices import RecommendationArea
from core.validators import no_bidi_override

# The final document of the 2016 comprehensive review, and the symbol the programme's paragraph
# 6 cites for it.
REVIEW_SYMBOL = "S/2016/1038"
CITED_AS = "S/2016/1127"


class ReviewRecommendation(models.Model):
    """One recommendation of a comprehensive review, by the paragraph of the review's final
    document that makes it, with a short title and the work items that carry it out."""

    symbol = models.CharField(_("UN document symbol"), max_length=60, default=REVIEW_SYMBOL)
    paragraph = models.PositiveSmallIntegerField(_("paragraph of the review"))
    area = models.CharField(_("area"), max_length=16, choices=RecommendationArea)
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    work_items = models.ManyToManyField(
        "committee.WorkItem",
        verbose_name=_("work items that carry it out"),
        related_name="review_recommendations",
        blank=True,
    )

    class Meta:
        ordering = ["symbol", "paragraph"]
        verbose_name = _("recommendation of the comprehensive review")
        verbose_name_plural = _("recommendations of the comprehensive review")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "paragraph"], name="one_recommendation_per_paragraph"
            )
        ]

    def __str__(self) -> str:
        return f"{self.symbol}, para. {self.paragraph}: {self.title}"
