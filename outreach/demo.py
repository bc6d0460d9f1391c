"""Demo outreach content for ``manage.py seed_outreach``: the calendar (11(b)(i)) with events
held over the past year and events confirmed for the months ahead (country visits and training
courses carry their own events: outreach/visits/demo.py), all dated from the day the
command runs, so that the calendar and its feed (/events.ics) show both on any day; the
frequently asked questions (11(b)(iii)), the cooperation pages (11(b)(ii)), the organisations'
contacts (10(b)) and the roster of former experts (11(g)). Written through the services, so each
has its history. Safe to run again: what exists (by title, question, slug or e-mail) is left as
it is."""

from __future__ import annotations

from datetime import timedelta

from core.demo import days_ago, demo_today
from core.models import User
from outreach import services
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)

# (title, kind, region, place, days before today it started (negative: to come), days it
#  lasts, status, participating states (ISO3), organisations (acronyms), public, note)
EVENTS = [
    (
        "Civil society forum on resolution 1540",
        EventKind.CIVIL_SOCIETY,
        EventRegion.GLOBAL,
        "New York",
        300,
        1,
        EventStatus.HELD,
        [],
        [],
        True,
        "Non-governmental organisations and research institutes on their contribution.",
    ),
    (
        "Workshop on export controls for States of Southeast Asia",
        EventKind.WORKSHOP,
        EventRegion.ASIA_PACIFIC,
        "Bangkok",
        240,
        2,
        EventStatus.HELD,
        ["THA", "VNM", "PHL", "MYS"],
        ["WCO"],
        True,
        "Licensing, control lists and catch-all clauses; a follow-up on transit is proposed.",
    ),
    (
        "Industry outreach conference (Wiesbaden process)",
        EventKind.INDUSTRY,
        EventRegion.EUROPE,
        "Wiesbaden",
        110,
        2,
        EventStatus.HELD,
        [],
        [],
        True,
        "Companies and industry associations on internal compliance programmes.",
    ),
    (
        "Closed consultation with the 1267 Monitoring Team",
        EventKind.EXPERT_MEETING,
        EventRegion.GLOBAL,
        "New York",
        20,
        1,
        EventStatus.HELD,
        [],
        [],
        False,
        "",
    ),
    (
        "Briefing for parliamentarians on resolution 1540",
        EventKind.PARLIAMENTARIANS,
        EventRegion.GLOBAL,
        "Geneva",
        -21,
        1,
        EventStatus.CONFIRMED,
        [],
        [],
        True,
        "",
    ),
    (
        "Regional workshop on transit and transshipment controls for African States",
        EventKind.WORKSHOP,
        EventRegion.AFRICA,
        "Addis Ababa",
        -60,
        3,
        EventStatus.CONFIRMED,
        ["ETH", "KEN", "NGA", "SEN", "ZAF"],
        ["AU"],
        True,
        "",
    ),
    (
        "Assistance conference for States of the Pacific",
        EventKind.ASSISTANCE_CONFERENCE,
        EventRegion.ASIA_PACIFIC,
        "Suva",
        -130,
        2,
        EventStatus.CONFIRMED,
        ["FJI", "WSM", "TON"],
        ["UNODC"],
        True,
        "",
    ),
    (
        "Academia outreach seminar",
        EventKind.ACADEMIA,
        EventRegion.EUROPE,
        "Vienna",
        -200,
        1,
        EventStatus.PLANNED,
        [],
        [],
        True,
        "",
    ),
]

FAQ_ENTRIES = [
    (
        "What does resolution 1540 (2004) require of States?",
        "That they refrain from supporting non-State actors in acquiring weapons of mass "
        "destruction and their means of delivery, adopt and enforce laws to that effect, and "
        "take and enforce effective domestic controls on related materials.",
    ),
    (
        "What is the 1540 matrix?",
        "A table the Committee's experts prepare for each State from public information and "
        "its national reports, recording the measures in place under each operative paragraph. "
        "The State reviews its matrix before it is published.",
    ),
    (
        "How does a State request assistance?",
        "It sends a request to the Committee, preferably with the assistance request template, "
        "through its Permanent Mission. The Committee circulates it to States and "
        "organisations that offer assistance and helps match the two.",
    ),
    (
        "Who is the national point of contact?",
        "The person or office a State designates to coordinate the implementation of "
        "resolution 1540 and its dialogue with the Committee.",
    ),
]

COOPERATION_PAGES = [
    (
        "counter-terrorism-committees",
        "Cooperation with the Counter-Terrorism Committee and the 1267 Committee",
        "The three committees share information, coordinate their visits and hold joint "
        "briefings for Member States.\n\nTheir experts meet regularly to avoid duplication.",
    ),
    (
        "international-organizations",
        "Cooperation with international, regional and subregional organisations",
        "The Committee works with the IAEA, the OPCW, the BWC Implementation Support Unit, "
        "INTERPOL, the World Customs Organization and regional organisations on assistance, "
        "outreach and training.",
    ),
    (
        "unoda",
        "Support from the United Nations Office for Disarmament Affairs",
        "UNODA supports the Committee's outreach, regional training courses and the "
        "administration of the trust fund.",
    ),
]

# (organisation acronym, name, position, e-mail)
CONTACTS = [
    ("IAEA", "Maria Keller", "Section Head, Nuclear Security", "m.keller@iaea.example.org"),
    (
        "OPCW",
        "Ahmed Haddad",
        "Senior Officer, International Cooperation",
        "a.haddad@opcw.example.org",
    ),
    ("INTERPOL", "Jean Dupont", "CBRNE Programme Coordinator", "j.dupont@interpol.example.org"),
    ("WCO", "Kenji Sato", "Technical Officer, Strategic Trade Control", "k.sato@wco.example.org"),
    ("UNODC", "Elena Petrova", "Terrorism Prevention Branch", "e.petrova@unodc.example.org"),
]

# (name, e-mail, nationality, expertise, served from, served until)
FORMER_EXPERTS = [
    ("Paul Martin", "p.martin@roster.example.org", "France", "Export controls", 2012, 2018),
    ("Aisha Bello", "a.bello@roster.example.org", "Nigeria", "Biological weapons", 2015, 2021),
]


def seed_outreach(secretariat: User) -> dict[str, int]:
    """The demo content; how many of each kind were created."""
    today = demo_today()
    created = {"events": 0, "faq": 0, "pages": 0, "contacts": 0, "experts": 0}
    organizations = {o.acronym: o for o in Organization.objects.filter(active=True)}
    states_model = Event.states.field.related_model  # outreach does not import states
    existing = set(Event.objects.values_list("title", flat=True))
    for (
        title,
        kind,
        region,
        place,
        started,
        days,
        status,
        iso3s,
        acronyms,
        public,
        note,
    ) in EVENTS:
        if title in existing:
            continue
        start = days_ago(started, today)
        event = services.create_event(
            acting_user=secretariat,
            title=title,
            kind=kind,
            region=region,
            place=place,
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            is_public=public,
            states=list(states_model.objects.filter(iso3__in=iso3s)),
            organizations=[organizations[a] for a in acronyms if a in organizations],
        )
        if status != EventStatus.PLANNED:
            services.set_event_status(event, EventStatus.CONFIRMED, acting_user=secretariat)
        if status == EventStatus.HELD:
            services.set_event_status(
                event, EventStatus.HELD, acting_user=secretariat, note=note or None
            )
        created["events"] += 1
    questions = set(FAQ.objects.values_list("question", flat=True))
    for position, (question, answer) in enumerate(FAQ_ENTRIES, start=1):
        if question not in questions:
            services.create_faq(
                acting_user=secretariat,
                published=True,
                question=question,
                answer=answer,
                position=position,
            )
            created["faq"] += 1
    slugs = set(CooperationPage.objects.values_list("slug", flat=True))
    for position, (slug, title, body) in enumerate(COOPERATION_PAGES, start=1):
        if slug not in slugs:
            services.save_cooperation_page(
                acting_user=secretariat,
                published=True,
                slug=slug,
                title=title,
                body=body,
                position=position,
            )
            created["pages"] += 1
    emails = set(OrganizationContact.objects.values_list("email", flat=True))
    for acronym, name, position, email in CONTACTS:
        if acronym in organizations and email not in emails:
            services.add_organization_contact(
                organizations[acronym],
                acting_user=secretariat,
                name=name,
                position=position,
                email=email,
            )
            created["contacts"] += 1
    experts = set(FormerExpert.objects.values_list("email", flat=True))
    for name, email, nationality, expertise, served_from, served_until in FORMER_EXPERTS:
        if email not in experts:
            services.add_former_expert(
                acting_user=secretariat,
                name=name,
                email=email,
                nationality=nationality,
                expertise=expertise,
                served_from=served_from,
                served_until=min(served_until, today.year),
            )
            created["experts"] += 1
    return created
