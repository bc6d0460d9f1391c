"""Demo dialogue with states (8(b)) and state profiles (8(f)) for ``manage.py seed_demo``: a few
exchanges in the past, with the follow-up actions agreed (some done, some open, one overdue),
and the profiles of the states concerned. Written through the services, so each has its history;
safe to run again (a state that has dialogue is left as it is)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.models import User
from states.dialogue import services
from states.dialogue.choices import DialogueKind
from states.dialogue.models import Dialogue, StateProfile
from states.models import MemberState

# (state, days before today, kind, place, the state's participants, discussed, agreed,
#  follow-ups: (action, owned by the expert?, due days after the dialogue, done days after))
EXCHANGES = [
    (
        "CHN",
        70,
        DialogueKind.GENERAL_ASSEMBLY,
        "United Nations Headquarters, New York",
        "Deputy Permanent Representative; Counsellor, Arms Control Department",
        "Update of the national matrix; export control list revised this year.",
        "The State sends the revised control list; the experts update the matrix.",
        [
            ("Send the revised export control list to the Committee", False, 30, 25),
            ("Update the matrix with the revised list", True, 60, None),
        ],
    ),
    (
        "BRA",
        40,
        DialogueKind.VIDEO_CALL,
        "",
        "National point of contact; Ministry of Science, Technology and Innovation",
        "Preparation of a national implementation action plan; assistance in biosecurity.",
        "The experts share examples of action plans; the State considers an assistance request.",
        [
            ("Share three examples of national action plans", True, 14, None),
            ("Consider a request for assistance in biosecurity", False, 90, None),
        ],
    ),
    (
        "KEN",
        15,
        DialogueKind.MISSION_VISIT,
        "Nairobi",
        "National Commission on the CWC; Kenya Revenue Authority (Customs)",
        "Border controls on dual-use goods; training of customs officers.",
        "A national round-table next year.",
        [("Propose dates for the national round-table", True, 45, None)],
    ),
    (
        "CHN",
        8,
        DialogueKind.CORRESPONDENCE,
        "",
        "Permanent Mission",
        "Note verbale transmitting additional information on the implementation of resolution "
        "1540.",
        "",
        [],
    ),
]

PROFILES = {
    "CHN": {
        "industry": "Large chemical and pharmaceutical industry; civil nuclear power programme.",
        "export_activity": "Major exporter of dual-use chemicals and machine tools.",
        "technical_needs": "None stated.",
        "priorities": "Export control implementation; industry outreach.",
    },
    "BRA": {
        "industry": "Chemical, biotechnology and nuclear fuel cycle industries.",
        "export_activity": "Exports of chemicals and aircraft parts.",
        "technical_needs": "Biosecurity and biosafety oversight of laboratories.",
        "priorities": "A national implementation action plan.",
    },
    "KEN": {
        "industry": "Small chemical industry; research laboratories.",
        "export_activity": "Transit and transshipment through the port of Mombasa.",
        "technical_needs": "Customs training; detection equipment at border posts.",
        "priorities": "Border and transit controls.",
    },
}


def seed_dialogue(secretariat: User, expert: User) -> int:
    """The demo exchanges, their follow-up actions and the profiles; the number of exchanges
    recorded."""
    today = timezone.localdate()
    recorded = 0
    states = {state.iso3: state for state in MemberState.objects.filter(iso3__in=list(PROFILES))}
    seeded = set(
        Dialogue.objects.filter(state__in=states.values()).values_list("state__iso3", flat=True)
    )
    for iso3, days, kind, place, theirs, discussed, agreed, follow_ups in EXCHANGES:
        if iso3 in seeded or iso3 not in states:
            continue
        held_on = today - timedelta(days=days)
        dialogue = services.record_dialogue(
            states[iso3],
            acting_user=secretariat,
            held_on=held_on,
            kind=kind,
            place=place,
            committee_participants=[secretariat, expert],
            state_participants=theirs,
            discussed=discussed,
            agreed=agreed,
        )
        recorded += 1
        for text, by_expert, due_after, done_after in follow_ups:
            follow_up = services.add_follow_up(
                dialogue,
                acting_user=secretariat,
                text=text,
                owner=expert if by_expert else None,
                owner_name="" if by_expert else f"Permanent Mission of {states[iso3].name}",
                due_on=held_on + timedelta(days=due_after),
            )
            if done_after is not None:
                services.mark_follow_up_done(
                    follow_up,
                    acting_user=secretariat,
                    done_on=min(today, held_on + timedelta(days=done_after)),
                )
    for iso3, values in PROFILES.items():
        if iso3 in states and not StateProfile.objects.filter(state=states[iso3]).exists():
            services.save_state_profile(states[iso3], acting_user=expert, **values)
    return recorded
