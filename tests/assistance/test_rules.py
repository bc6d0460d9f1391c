"""The rules of assistance (assistance/permissions.py), one row each: see tests/rules_table.py.
China's point of contact is the rightful user of China's request and offer; Brazil's must not
see them unless they are public (a match must not show one state the other's confidential side).
"""

from __future__ import annotations

import pytest

from assistance.choices import OfferStatus, RequestStatus
from assistance.models import (
    AssistanceOffer,
    AssistanceProject,
    AssistanceRequest,
    Match,
    TrustFundContribution,
)
from tests.rules_table import Case, check


def chinas_request(p, **fields):
    return AssistanceRequest(
        state=p.china, publication_consent=False, status=RequestStatus.RECEIVED, **fields
    )


def chinas_offer(p):
    return AssistanceOffer(provider_state=p.china, is_public=False, status=OfferStatus.ACTIVE)


def brazils_public_offer(p):
    return AssistanceOffer(provider_state=p.brazil, is_public=True, status=OfferStatus.ACTIVE)


def match_of_chinas_request(p):
    """China's unpublished request, with an offer from Brazil: Brazil is the offering state."""
    return Match(request=chinas_request(p), offer=brazils_public_offer(p))


def match_of_chinas_offer(p):
    """Brazil's published request, with China's private offer."""
    brazils = AssistanceRequest(state=p.brazil, publication_consent=True, status="received")
    return Match(request=brazils, offer=chinas_offer(p))


def project_for_china(p):
    """A project for China, not marked public."""
    return AssistanceProject(is_public=False, state_ids=[p.china.pk])


def contribution_of_china(p):
    return TrustFundContribution(contributor_state=p.china)


RULES = {
    "assistance.act_for_any_state": Case("expert"),
    "assistance.read_request": Case("poc_chn", on=chinas_request),
    "assistance.submit_request": Case("poc_chn", other_poc=True),
    "assistance.submit_request_for_state": Case("poc_chn", on=lambda p: p.china),
    "assistance.edit_request": Case("poc_chn", on=chinas_request),
    "assistance.move_request": Case("secretariat", on=chinas_request),
    "assistance.withdraw_request": Case("poc_chn", on=chinas_request),
    "assistance.see_request_history": Case("poc_chn", on=chinas_request),
    "assistance.see_request_document": Case("poc_chn", on=chinas_request),
    "assistance.record_group_request": Case("secretariat"),
    "assistance.read_offer": Case("poc_chn", on=chinas_offer),
    "assistance.record_offer": Case("poc_chn", other_poc=True),
    "assistance.record_offer_for_state": Case("poc_chn", on=lambda p: p.china),
    "assistance.record_offer_for_organization": Case("expert"),
    "assistance.edit_offer": Case("poc_chn", on=chinas_offer),
    "assistance.withdraw_offer": Case("poc_chn", on=chinas_offer),
    "assistance.read_match": Case("poc_chn", on=match_of_chinas_request, other_poc=True),
    "assistance.propose_match": Case("expert"),
    "assistance.manage_matches": Case("expert"),
    "assistance.write_match_note": Case("secretariat"),
    "assistance.record_match_feedback": Case("secretariat"),
    "assistance.see_suggestions": Case("expert", on=chinas_request),
    "assistance.see_dashboard": Case("expert"),
    # The offering state (Brazil) reads its side of the match, not China's unpublished request.
    "assistance.see_match_request": Case("poc_chn", on=match_of_chinas_request),
    "assistance.see_match_offer": Case("poc_chn", on=match_of_chinas_offer),
    "assistance.see_match_file": Case("poc_chn", on=match_of_chinas_request),
    "assistance.build_digest": Case("expert"),
    "assistance.read_digests": Case("member"),
    # Projects and trust-fund contributions (12(e)).
    "assistance.read_project": Case("poc_chn", on=project_for_china),
    "assistance.manage_projects": Case("secretariat"),
    "assistance.read_contribution": Case("poc_chn", on=contribution_of_china),
    "assistance.manage_contributions": Case("secretariat"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_assistance_rule_against_the_three_personas(name, request):
    check(name, RULES[name], request)
