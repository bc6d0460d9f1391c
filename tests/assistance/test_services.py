"""The use cases of assistance: requests, offers and matches, their rules and their history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistance import services
from assistance.choices import MatchStatus, OfferStatus, RequestStatus
from assistance.models import AssistanceOffer, AssistanceRequest
from core.services import InvalidTransition
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.helpers import Written

# --- Requests -------------------------------------------------------------------------------------


def test_a_poc_submits_a_request_for_their_own_state(poc_chn):
    request = builders.request("CHN", by=poc_chn, area_codes=("border-export-control", "training"))

    assert request.status == RequestStatus.RECEIVED
    assert request.date_received == timezone.localdate()
    assert request.channel == "template"
    assert request.weapon_types == ["nuclear"]
    assert {area.code for area in request.areas.all()} == {"border-export-control", "training"}
    step = request.status_changes.get()
    assert (step.from_status, step.to_status, step.changed_by) == ("", "received", poc_chn)
    # Two history rows: the request, then its areas (simple-history records m2m changes apart).
    records = list(request.history.all())
    assert {(r.history_user, r.history_change_reason) for r in records} == {(poc_chn, "Received")}
    # The history's areas have no order of their own: compare them sorted.
    assert sorted(area.assistancearea.code for area in records[0].areas.all()) == [
        "border-export-control",
        "training",
    ]


def test_a_poc_cannot_submit_a_request_for_another_state(poc_bra):
    written = Written(*ASSISTANCE_TABLES)

    with pytest.raises(PermissionDenied, match="your own state"):
        builders.request("CHN", by=poc_bra)

    assert written.unchanged()


def test_a_committee_member_cannot_submit_a_request(member):
    with pytest.raises(PermissionDenied):
        builders.request("CHN", by=member)
    assert AssistanceRequest.objects.count() == 0


def test_the_secretariat_records_a_request_received_by_note_verbale(secretariat):
    request = services.submit_request(
        builders.state("KEN"),
        acting_user=secretariat,
        title="Biosecurity training",
        assistance_type="training",
        description="Received by note verbale.",
        areas=builders.areas("biosafety-biosecurity"),
        weapon_types=["biological"],
        channel="note_verbale",
        date_received=date(2018, 5, 2),
    )
    assert request.channel == "note_verbale"
    assert request.date_received == date(2018, 5, 2)
    assert request.created_by == secretariat


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_received": date(2003, 12, 31)}, "date_received", "before resolution 1540"),
        ({"date_received": timezone.localdate() + timedelta(days=2)}, "date_received", "future"),
        ({"area_codes": ()}, "areas", "at least one area"),
        ({"weapon_types": ("nuclear", "laser")}, "weapon_types", "“laser” is not one of"),
        ({"kind": "money"}, "assistance_type", "not a valid choice"),
        ({"title": ""}, "title", "cannot be blank"),
    ],
)
def test_a_request_with_bad_details_is_refused_and_nothing_is_written(
    secretariat, changes, field, message
):
    written = Written(*ASSISTANCE_TABLES)

    with pytest.raises(ValidationError) as error:
        builders.request("CHN", by=secretariat, **changes)

    assert message in " ".join(error.value.message_dict[field])
    assert written.unchanged()


def test_a_poc_corrects_their_request_until_it_is_acknowledged(poc_chn, expert, chinas_request):
    services.update_request(
        chinas_request,
        acting_user=poc_chn,
        title="Corrected title",
        publication_consent=True,
        areas=builders.areas("training"),
    )
    chinas_request.refresh_from_db()
    assert chinas_request.title == "Corrected title"
    assert chinas_request.publication_consent
    assert [area.code for area in chinas_request.areas.all()] == ["training"]

    services.move_request(chinas_request, "authenticated", acting_user=expert)
    services.move_request(chinas_request, "acknowledged", acting_user=expert)
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(PermissionDenied, match="until it is acknowledged"):
        services.update_request(chinas_request, acting_user=poc_chn, title="Again")
    assert written.unchanged()


def test_a_request_field_that_cannot_change_is_refused(secretariat, chinas_request):
    with pytest.raises(ValidationError, match="cannot be changed: state"):
        services.update_request(chinas_request, acting_user=secretariat, state=None)


def test_staff_move_a_request_along_its_steps_with_a_dated_attributed_history(
    secretariat, expert, chinas_request
):
    services.move_request(chinas_request, "authenticated", acting_user=secretariat)
    services.move_request(chinas_request, "acknowledged", acting_user=secretariat)
    services.move_request(
        chinas_request, "circulated", acting_user=expert, reason="Sent to the IAEA and the WCO"
    )

    steps = list(chinas_request.status_changes.all())
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("", "received"),
        ("received", "authenticated"),
        ("authenticated", "acknowledged"),
        ("acknowledged", "circulated"),
    ]
    assert [s.changed_by for s in steps][1:] == [secretariat, secretariat, expert]
    assert steps[3].reason == "Sent to the IAEA and the WCO"
    assert all(s.changed_at for s in steps)
    latest = chinas_request.history.first()
    assert latest.history_change_reason == "Circulated to providers: Sent to the IAEA and the WCO"
    assert latest.history_user == expert


def test_a_step_the_status_does_not_allow_is_a_conflict(expert, chinas_request):
    written = Written(*ASSISTANCE_TABLES)

    with pytest.raises(InvalidTransition, match="“Received” cannot move to “Completed”"):
        services.move_request(chinas_request, "completed", acting_user=expert)

    assert written.unchanged()


def test_an_unknown_status_is_refused(expert, chinas_request):
    with pytest.raises(ValidationError, match="not a status"):
        services.move_request(chinas_request, "lost", acting_user=expert)


def test_a_poc_cannot_acknowledge_their_own_request(poc_chn, chinas_request):
    with pytest.raises(PermissionDenied, match="secretariat and the experts"):
        services.move_request(chinas_request, "acknowledged", acting_user=poc_chn)


def test_a_poc_withdraws_their_states_request_but_not_another_states(
    poc_chn, poc_bra, chinas_request
):
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(PermissionDenied):
        services.move_request(chinas_request, "withdrawn", acting_user=poc_bra)
    assert written.unchanged()

    services.move_request(chinas_request, "withdrawn", acting_user=poc_chn, reason="No need")

    chinas_request.refresh_from_db()
    assert chinas_request.status == RequestStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.move_request(chinas_request, "withdrawn", acting_user=poc_chn)


def test_stale_requests_are_open_ones_without_movement_for_90_days(poc_chn, expert):
    old = builders.request("CHN", by=poc_chn, title="old")
    recent = builders.request("CHN", by=poc_chn, title="recent")
    finished = builders.request("CHN", by=poc_chn, title="withdrawn", status="withdrawn")
    now = timezone.now()
    AssistanceRequest.objects.filter(pk__in=[old.pk, finished.pk]).update(
        last_activity_at=now - timedelta(days=90)
    )
    AssistanceRequest.objects.filter(pk=recent.pk).update(last_activity_at=now - timedelta(days=89))

    assert list(AssistanceRequest.objects.stale(now)) == [old]
    old.refresh_from_db()
    assert old.is_stale

    services.move_request(old, "authenticated", acting_user=expert)
    assert not AssistanceRequest.objects.stale().exists()


# --- Offers ---------------------------------------------------------------------------------------


def test_an_expert_records_an_organisations_offer(expert, iaea):
    offer = builders.offer(
        by=expert,
        provider_organization=iaea,
        regions=("African", "Asia-Pacific"),
        states_served=("KEN",),
        weapon_types=("nuclear",),
    )
    assert offer.provider == iaea
    assert offer.regions == ["African", "Asia-Pacific"]
    assert [s.iso3 for s in offer.states_served.all()] == ["KEN"]
    assert {record.history_user for record in offer.history.all()} == {expert}


def test_a_poc_records_an_offer_of_their_own_state_only(poc_bra, iaea):
    offer = builders.offer(by=poc_bra, provider_state="BRA")
    assert offer.provider_state.iso3 == "BRA"
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(PermissionDenied, match="your own state"):
        builders.offer(by=poc_bra, provider_state="CHN")
    with pytest.raises(PermissionDenied, match="organisations"):
        builders.offer(by=poc_bra, provider_organization=iaea)
    assert written.unchanged()


@pytest.mark.parametrize("both", [True, False])
def test_an_offer_with_both_or_neither_provider_is_refused(expert, iaea, both):
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(ValidationError) as error:
        services.record_offer(
            acting_user=expert,
            provider_state=builders.state("FRA") if both else None,
            provider_organization=iaea if both else None,
            title="Two providers",
            assistance_type="training",
            description="…",
            areas=builders.areas("training"),
        )
    assert "exactly one provider" in error.value.message_dict["provider"][0]
    assert written.unchanged()


@pytest.mark.parametrize("both", [True, False])
def test_the_database_refuses_an_offer_with_both_or_neither_provider(expert, iaea, both):
    offer = AssistanceOffer(
        provider_state=builders.state("FRA") if both else None,
        provider_organization=iaea if both else None,
        title="Written straight to the table",
        assistance_type="training",
        description="…",
        created_by=expert,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        offer.save()
    assert AssistanceOffer.objects.count() == 0


def test_an_offer_valid_until_a_past_date_is_refused(expert):
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(ValidationError) as error:
        builders.offer(by=expert, valid_until=timezone.localdate() - timedelta(days=1))
    assert "past date" in error.value.message_dict["valid_until"][0]
    assert written.unchanged()


def test_an_inactive_organisation_cannot_offer(expert):
    gone = builders.organization("OLD", active=False)
    with pytest.raises(ValidationError, match="no longer active"):
        builders.offer(by=expert, provider_organization=gone)


def test_a_withdrawn_offer_is_kept_and_cannot_change(expert, public_offer):
    services.withdraw_offer(public_offer, acting_user=expert, reason="Programme ended")

    public_offer.refresh_from_db()
    assert public_offer.status == OfferStatus.WITHDRAWN
    assert public_offer.history.first().history_change_reason == "Withdrawn: Programme ended"
    with pytest.raises(InvalidTransition):
        services.update_offer(public_offer, acting_user=expert, title="Again")
    with pytest.raises(InvalidTransition):
        services.withdraw_offer(public_offer, acting_user=expert)


def test_another_state_cannot_change_an_offer(poc_chn, poc_bra):
    offer = builders.offer(by=poc_bra, provider_state="BRA")
    with pytest.raises(PermissionDenied):
        services.update_offer(offer, acting_user=poc_chn, title="Taken over")
    services.update_offer(offer, acting_user=poc_bra, title="Renamed", regions=["African"])
    offer.refresh_from_db()
    assert (offer.title, offer.regions) == ("Renamed", ["African"])


# --- Matches --------------------------------------------------------------------------------------


def test_an_expert_brokers_a_match_from_proposal_to_feedback(
    expert, circulated_request, public_offer
):
    match = services.propose_match(
        circulated_request, public_offer, acting_user=expert, note="Best fit"
    )
    assert match.status == MatchStatus.PROPOSED
    assert match.follow_ups.get().note == "Best fit"

    services.move_match(match, "contacted", acting_user=expert)
    services.move_match(match, "agreed", acting_user=expert)
    circulated_request.refresh_from_db()
    assert circulated_request.status == RequestStatus.MATCHED
    assert (
        circulated_request.status_changes.last().reason == f"a provider agreed (match {match.pk})"
    )

    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="before the match was proposed"):
        services.move_match(match, "delivered", acting_user=expert, delivered_on=yesterday)
    services.move_match(match, "delivered", acting_user=expert)
    services.record_feedback(match, acting_user=expert, need_met="yes", feedback="Very useful")

    match.refresh_from_db()
    assert (match.status, match.delivered_on) == ("delivered", timezone.localdate())
    assert (match.need_met, match.feedback) == ("yes", "Very useful")
    assert [(s.from_status, s.to_status) for s in match.status_changes.all()] == [
        ("", "proposed"),
        ("proposed", "contacted"),
        ("contacted", "agreed"),
        ("agreed", "delivered"),
    ]
    assert {record.history_user for record in match.history.all()} == {expert}


def test_a_poc_cannot_act_on_matches(poc_chn, expert, circulated_request, public_offer):
    match = services.propose_match(circulated_request, public_offer, acting_user=expert)
    written = Written(*ASSISTANCE_TABLES)

    with pytest.raises(PermissionDenied):
        services.propose_match(circulated_request, public_offer, acting_user=poc_chn)
    with pytest.raises(PermissionDenied):
        services.move_match(match, "contacted", acting_user=poc_chn)
    with pytest.raises(PermissionDenied):
        services.add_follow_up(match, acting_user=poc_chn, note="Mine")
    with pytest.raises(PermissionDenied):
        services.record_feedback(match, acting_user=poc_chn, need_met="yes")

    assert written.unchanged()


def test_a_match_is_refused_for_the_states_own_offer_an_expired_or_a_repeated_one(
    expert, poc_chn, circulated_request, public_offer
):
    own = builders.offer(by=poc_chn, provider_state="CHN")
    lapsed = builders.offer(by=expert, title="Lapsed", valid_until=timezone.localdate())
    AssistanceOffer.objects.filter(pk=lapsed.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    services.propose_match(circulated_request, public_offer, acting_user=expert)
    written = Written(*ASSISTANCE_TABLES)

    for offer, message in [
        (own, "its own request"),
        (lapsed, "expired"),
        (public_offer, "already been matched"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.propose_match(circulated_request, offer, acting_user=expert)
        assert message in error.value.message_dict["offer"][0]
    assert written.unchanged()


def test_a_closed_request_cannot_be_matched(expert, chinas_request, public_offer):
    services.move_request(chinas_request, "closed", acting_user=expert)
    with pytest.raises(InvalidTransition, match="only an open request"):
        services.propose_match(chinas_request, public_offer, acting_user=expert)


def test_feedback_waits_for_delivery_and_steps_follow_the_order(
    expert, circulated_request, public_offer
):
    match = services.propose_match(circulated_request, public_offer, acting_user=expert)
    with pytest.raises(InvalidTransition, match="delivered"):
        services.record_feedback(match, acting_user=expert, need_met="yes")
    with pytest.raises(InvalidTransition, match="“Proposed” cannot move to “Delivered”"):
        services.move_match(match, "delivered", acting_user=expert)
    with pytest.raises(ValidationError, match="only with the step"):
        services.move_match(
            match, "contacted", acting_user=expert, delivered_on=timezone.localdate()
        )


def test_a_delivery_date_in_the_future_is_refused(expert, circulated_request, public_offer):
    match = builders.match(circulated_request, public_offer, by=expert, status="agreed")
    written = Written(*ASSISTANCE_TABLES)
    with pytest.raises(ValidationError) as error:
        services.move_match(
            match,
            "delivered",
            acting_user=expert,
            delivered_on=timezone.localdate() + timedelta(days=1),
        )
    assert "future" in error.value.message_dict["delivered_on"][0]
    assert written.unchanged()


def test_a_follow_up_note_counts_as_movement_on_the_request(
    expert, circulated_request, public_offer
):
    match = services.propose_match(circulated_request, public_offer, acting_user=expert)
    long_ago = timezone.now() - timedelta(days=200)
    AssistanceRequest.objects.filter(pk=circulated_request.pk).update(last_activity_at=long_ago)
    assert AssistanceRequest.objects.stale().count() == 1

    services.add_follow_up(match, acting_user=expert, note="Called the provider")

    assert AssistanceRequest.objects.stale().count() == 0
    with pytest.raises(ValidationError, match="Write the note"):
        services.add_follow_up(match, acting_user=expert, note="  ")
