"""The type of help asked weighs as much as the area (issue 16, "Done when" 4): for a request
for training, a training offer in the same area outranks a legislative one in the same area,
and the explanation says why, in each of the six languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from assistance.choices import AssistanceKind
from assistance.suggestions import POINTS_PER_AREA, suggest_offers
from tests.assistance import builders

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.fixture
def training_need(poc_chn, expert):
    return builders.request(
        "CHN",
        by=poc_chn,
        staff=expert,
        status="circulated",
        title="Training of customs officers",
        kind=AssistanceKind.TRAINING,
        area_codes=("border-export-control",),
    )


@pytest.fixture
def two_offers(expert, training_need):
    """Alike but for the type of help, and made in this order so that, were the type ignored,
    the legislative and financial offers (the older) would come first, as request 107 of the
    demo had them."""
    legislative = builders.offer(
        by=expert,
        provider_state="FRA",
        title="France: model export control law",
        kind=AssistanceKind.LEGISLATIVE,
        area_codes=("border-export-control",),
    )
    financial = builders.offer(
        by=expert,
        provider_state="DEU",
        title="Germany: grants for border control",
        kind=AssistanceKind.FINANCIAL,
        area_codes=("border-export-control",),
    )
    training = builders.offer(
        by=expert,
        provider_state="JPN",
        title="Japan: customs training course",
        kind=AssistanceKind.TRAINING,
        area_codes=("border-export-control",),
    )
    return legislative, financial, training


def test_a_training_offer_outranks_a_legislative_one_for_a_training_request(
    training_need, two_offers
):
    legislative, financial, training = two_offers

    ranked = suggest_offers(training_need)

    assert [s.offer.pk for s in ranked][0] == training.pk
    by_pk = {s.offer.pk: s for s in ranked}
    assert by_pk[training.pk].score > by_pk[legislative.pk].score
    assert by_pk[training.pk].score > by_pk[financial.pk].score
    kind_points = {s.offer.pk: r.points for s in ranked for r in s.reasons if r.factor == "kind"}
    # As strongly as the area: the type asked counts as much as the one area asked.
    assert kind_points == {training.pk: POINTS_PER_AREA, legislative.pk: 0, financial.pk: 0}


def test_the_explanation_says_so(training_need, two_offers):
    legislative, _financial, training = two_offers
    by_pk = {s.offer.pk: s for s in suggest_offers(training_need)}

    assert "The type of help asked: Training (+3)" in by_pk[training.pk].explanation
    assert (
        "Another type of help: Legislative assistance, where Training is asked (+0)"
        in by_pk[legislative.pk].explanation
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explanation_is_in_each_language(training_need, two_offers, language):
    legislative, _financial, training = two_offers
    by_pk = {s.offer.pk: s for s in suggest_offers(training_need)}

    with translation.override(language):
        same = by_pk[training.pk].explanation
        other = by_pk[legislative.pk].explanation
        training_label = str(AssistanceKind.TRAINING.label)
        legislative_label = str(AssistanceKind.LEGISLATIVE.label)

    assert training_label in same and "(+3)" in same
    assert legislative_label in other and training_label in other
    if language != "en":
        assert "The type of help asked" not in same
        assert "Another type of help" not in other
        assert training_label != "Training"


def test_more_areas_asked_weigh_the_type_as_much(expert, poc_chn):
    need = builders.request(
        "CHN",
        by=poc_chn,
        staff=expert,
        status="circulated",
        kind=AssistanceKind.TRAINING,
        area_codes=("border-export-control", "control-lists"),
    )
    both_areas_legislative = builders.offer(
        by=expert,
        provider_state="FRA",
        kind=AssistanceKind.LEGISLATIVE,
        area_codes=("border-export-control", "control-lists"),
    )
    one_area_training = builders.offer(
        by=expert,
        provider_state="JPN",
        kind=AssistanceKind.TRAINING,
        area_codes=("border-export-control",),
    )
    by_pk = {s.offer.pk: s.score for s in suggest_offers(need)}

    # One area and the right type (3 + 6) outweigh both areas and the wrong type (6 + 0).
    assert by_pk[one_area_training.pk] > by_pk[both_areas_legislative.pk]
