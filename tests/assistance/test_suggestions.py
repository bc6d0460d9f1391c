"""Match suggestions: hand-built cases whose right order is known, the reasons given, and a
fixed number of queries whatever the number of offers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assistance import services
from assistance.models import AssistanceOffer
from assistance.suggestions import suggest_offers
from tests.assistance import builders
from tests.helpers import queries_of


@pytest.fixture
def chinas_need(poc_chn, expert):
    """China (Asia-Pacific) asks for help with border and export control and control lists, for
    nuclear and chemical weapons."""
    return builders.request(
        "CHN",
        by=poc_chn,
        staff=expert,
        status="circulated",
        area_codes=("border-export-control", "control-lists"),
        weapon_types=("nuclear", "chemical"),
    )


def deliver_for(provider_offer, *, times: int, by) -> None:
    """Give the offer's provider a record of ``times`` delivered matches, on other requests."""
    for number in range(times):
        need = builders.request(
            "KEN", by=by, title=f"Kenya need {number}", area_codes=("border-export-control",)
        )
        builders.match(need, provider_offer, by=by, status="delivered")


@pytest.fixture
def offers(expert, poc_chn):
    today = timezone.localdate()
    iaea, wco, opcw = (builders.organization(code) for code in ("IAEA", "WCO", "OPCW"))
    made = {
        "iaea_for_china": builders.offer(
            by=expert,
            provider_organization=iaea,
            title="IAEA: everything China asks, for China",
            area_codes=("border-export-control", "control-lists"),
            weapon_types=("nuclear", "chemical"),
            states_served=("CHN",),
        ),
        "wco_for_asia": builders.offer(
            by=expert,
            provider_organization=wco,
            title="WCO: border control for Asia-Pacific",
            area_codes=("border-export-control",),
            regions=("Asia-Pacific",),
            valid_until=today + timedelta(days=300),
        ),
        "france_for_africa": builders.offer(
            by=expert,
            provider_state="FRA",
            title="France: control lists for Africa",
            area_codes=("border-export-control", "control-lists"),
            weapon_types=("nuclear",),
            regions=("African",),
        ),
        "opcw_expired": builders.offer(
            by=expert,
            provider_organization=opcw,
            title="OPCW: chemical control lists (expired)",
            area_codes=("control-lists",),
            weapon_types=("chemical",),
            valid_until=today,
        ),
        # Left out: no area in common, China's own offer, a withdrawn offer.
        "brazil_training": builders.offer(
            by=expert, provider_state="BRA", title="Brazil: training", area_codes=("training",)
        ),
        "chinas_own": builders.offer(by=poc_chn, provider_state="CHN", title="China's own"),
        "withdrawn": builders.offer(by=expert, provider_state="DEU", title="Withdrawn"),
    }
    services.withdraw_offer(made["withdrawn"], acting_user=expert)
    AssistanceOffer.objects.filter(pk=made["opcw_expired"].pk).update(
        valid_until=today - timedelta(days=1)
    )
    deliver_for(made["wco_for_asia"], times=2, by=expert)
    return made


def titles(suggestions) -> list[str]:
    return [suggestion.offer.title for suggestion in suggestions]


def test_offers_are_ranked_in_the_known_right_order(chinas_need, offers):
    ranked = suggest_offers(chinas_need)

    assert titles(ranked) == [
        "IAEA: everything China asks, for China",
        "WCO: border control for Asia-Pacific",
        "France: control lists for Africa",
        "OPCW: chemical control lists (expired)",
    ]
    # 6 areas + 4 weapon types + 4 serves China + 2 valid = 16; WCO: 3 + 1 + 2 + 2 + 2 record.
    assert [suggestion.score for suggestion in ranked] == [16, 10, 6, 0]


def test_the_explanation_names_the_reasons(chinas_need, offers):
    iaea, wco, france, opcw = suggest_offers(chinas_need)

    assert iaea.explanation == (
        "Areas in common: Border and export control, Control lists (+6); "
        "Another type of help: Training, where Legislative assistance is asked (+0); "
        "Weapon types in common: Nuclear weapons, Chemical weapons (+4); "
        "Serves China by name (+4); Valid with no end date (+2)"
    )
    assert [reason.factor for reason in wco.reasons] == [
        "areas",
        "kind",
        "weapon_types",
        "region",
        "validity",
        "record",
    ]
    assert "Offered for every weapon type (+1)" in wco.explanation
    assert "Serves the Asia-Pacific group (+2)" in wco.explanation
    assert "WCO has delivered 2 matched requests (+2)" in wco.explanation
    assert "Limited to other states or regions than China (-4)" in france.explanation
    expired_on = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert f"Expired on {expired_on} (-6)" in opcw.explanation


def test_a_providers_record_of_deliveries_breaks_an_otherwise_equal_score(
    expert, poc_chn, chinas_need
):
    first = builders.offer(by=expert, provider_state="JPN", title="Japan")
    second = builders.offer(by=expert, provider_state="KOR", title="Korea")
    assert titles(suggest_offers(chinas_need)) == ["Japan", "Korea"]  # equal: the older first

    deliver_for(second, times=5, by=expert)

    ranked = suggest_offers(chinas_need)
    assert titles(ranked) == ["Korea", "Japan"]
    assert ranked[0].score == ranked[1].score + 3  # the record counts for three at most
    assert first.pk == ranked[1].offer.pk


def test_an_offer_already_matched_to_the_request_is_no_longer_suggested(
    expert, chinas_need, offers
):
    services.propose_match(chinas_need, offers["iaea_for_china"], acting_user=expert)

    assert "IAEA: everything China asks, for China" not in titles(suggest_offers(chinas_need))


def test_the_list_is_cut_at_the_limit(chinas_need, offers):
    assert len(suggest_offers(chinas_need, limit=2)) == 2


def bulk_offers(count: int, *, by, areas) -> None:
    iaea = builders.organization("IAEA")
    made = AssistanceOffer.objects.bulk_create(
        AssistanceOffer(
            provider_organization=iaea,
            title=f"Bulk offer {number}",
            assistance_type="training",
            description="…",
            regions=["Asia-Pacific"] if number % 2 else [],
            created_by=by,
        )
        for number in range(count)
    )
    through = AssistanceOffer.areas.through
    through.objects.bulk_create(
        through(assistanceoffer_id=offer.pk, assistancearea_id=area.pk)
        for offer in made
        for area in areas
    )
    served = AssistanceOffer.states_served.through
    served.objects.bulk_create(
        served(assistanceoffer_id=offer.pk, memberstate_id=builders.state("CHN").pk)
        for offer in made[::3]
    )


def test_suggestions_take_the_same_queries_for_ten_or_a_thousand_offers(expert, chinas_need):
    areas = list(chinas_need.areas.all())
    bulk_offers(10, by=expert, areas=areas)
    with_ten = queries_of(lambda: suggest_offers(chinas_need))
    bulk_offers(990, by=expert, areas=areas)
    with_a_thousand = queries_of(lambda: suggest_offers(chinas_need))

    assert with_ten == with_a_thousand
    assert with_a_thousand <= 8
