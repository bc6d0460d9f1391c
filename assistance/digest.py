"""The content of the quarterly assistance digest (programme of work 9(h)): its figures, its
HTML and PDF, and the mail to the committee's members. The use case that builds and stores it is
``services.build_digest``; this module only reads.

Every figure is computed as the quarter ended, from the dated status changes, so a digest rebuilt
later says what it said then (except for records corrected since)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.choices import REQUEST_FINAL, REQUEST_UNMATCHED
from assistance.models import (
    STALE_AFTER,
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchFollowUp,
    MatchStatusChange,
)
from core import pdf
from core.choices import Role
from core.models import User
from states.choices import RegionalGroup
from states.models import StateName

DOCUMENT_TEMPLATE = "assistance/digest_document.html"
# The digest lists unmatched and stale requests by name up to this many; the counts are complete.
LISTED = 100


# --- Quarters -------------------------------------------------------------------------------------


def quarter_of(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> datetime:
    return datetime(year, 3 * (quarter - 1) + 1, 1, tzinfo=timezone.get_current_timezone())


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def last_finished_quarter(moment: datetime | None = None) -> tuple[int, int]:
    """The quarter just ended: the one Celery beat's build on the first day of a quarter is for."""
    return previous_quarter(*quarter_of(moment or timezone.now()))


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """The quarter as [start, end): aware datetimes, the end being the next quarter's start."""
    return quarter_start(year, quarter), quarter_start(*next_quarter(year, quarter))


# --- Figures --------------------------------------------------------------------------------------


def _new_and_updated(year: int, quarter: int) -> dict[str, int]:
    start, end = quarter_bounds(year, quarter)
    first_day, next_first_day = start.date(), end.date()
    received = AssistanceRequest.objects.filter(
        date_received__gte=first_day, date_received__lt=next_first_day
    )
    moved_requests = (
        AssistanceRequestStatusChange.objects.filter(changed_at__gte=start, changed_at__lt=end)
        .exclude(from_status="")
        .exclude(request__date_received__gte=first_day, request__date_received__lt=next_first_day)
        .values("request_id")
        .distinct()
    )
    offers = AssistanceOffer.objects.filter(created_at__gte=start, created_at__lt=end)
    changed_offers = (
        AssistanceOffer.history.filter(
            history_date__gte=start, history_date__lt=end, history_type="~", created_at__lt=start
        )
        .values("id")
        .distinct()
    )
    matches = Match.objects.filter(created_at__gte=start, created_at__lt=end)
    moved_matches = (
        MatchStatusChange.objects.filter(changed_at__gte=start, changed_at__lt=end)
        .exclude(from_status="")
        .filter(match__created_at__lt=start)
        .values("match_id")
        .distinct()
    )
    delivered = Match.objects.filter(delivered_on__gte=first_day, delivered_on__lt=next_first_day)
    return {
        "new_requests": received.count(),
        "updated_requests": moved_requests.count(),
        "new_offers": offers.count(),
        "updated_offers": changed_offers.count(),
        "new_matches": matches.count(),
        "updated_matches": moved_matches.count(),
        "delivered_matches": delivered.count(),
    }


def _open_at_end(year: int, quarter: int) -> dict:
    """Requests waiting for a provider when the quarter ended, and the stale ones among the open
    requests: status and last movement as they stood then, from the dated status changes."""
    _start, end = quarter_bounds(year, quarter)
    status_at_end: dict[int, str] = {}
    last_move: dict[int, datetime] = {}
    steps = (
        AssistanceRequestStatusChange.objects.filter(changed_at__lt=end)
        .order_by("changed_at", "id")
        .values_list("request_id", "to_status", "changed_at")
    )
    for request_id, status, changed_at in steps.iterator(chunk_size=5000):
        status_at_end[request_id] = status
        last_move[request_id] = changed_at
    for rows in (
        MatchStatusChange.objects.filter(changed_at__lt=end)
        .values("match__request_id")
        .annotate(last=Max("changed_at"))
        .values_list("match__request_id", "last"),
        MatchFollowUp.objects.filter(written_at__lt=end)
        .values("match__request_id")
        .annotate(last=Max("written_at"))
        .values_list("match__request_id", "last"),
    ):
        for request_id, moment in rows:
            if request_id in last_move and moment > last_move[request_id]:
                last_move[request_id] = moment
    # For the quarter still running, "at the end" is now: nothing has happened after it yet.
    stale_before = min(end, timezone.now()) - STALE_AFTER
    unmatched_ids = [rid for rid, status in status_at_end.items() if status in REQUEST_UNMATCHED]
    stale_ids = [
        rid
        for rid, status in status_at_end.items()
        if status not in REQUEST_FINAL and last_move[rid] <= stale_before
    ]
    return {"unmatched": unmatched_ids, "stale": stale_ids, "last_move": last_move}


def _listing(ids: list[int], last_move: dict[int, datetime]) -> list[dict]:
    rows = (
        AssistanceRequest.objects.filter(pk__in=ids[:LISTED])
        .order_by("date_received", "id")
        .values("id", "title", "date_received", state_name=StateName("state__"))
    )
    return [
        {
            "id": row["id"],
            "state": row["state_name"],
            "title": row["title"],
            "date_received": row["date_received"].isoformat(),
            "last_movement": timezone.localdate(last_move[row["id"]]).isoformat(),
        }
        for row in rows
    ]


def _by_area(year: int, quarter: int) -> dict[str, dict[str, int]]:
    start, end = quarter_bounds(year, quarter)
    requests = (
        AssistanceRequest.areas.through.objects.filter(
            assistancerequest__date_received__gte=start.date(),
            assistancerequest__date_received__lt=end.date(),
        )
        .values("assistancearea_id")
        .annotate(n=Count("id"))
    )
    offers = (
        AssistanceOffer.areas.through.objects.filter(
            assistanceoffer__created_at__gte=start, assistanceoffer__created_at__lt=end
        )
        .values("assistancearea_id")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"requests": 0, "offers": 0})
    for row in requests:
        counts[row["assistancearea_id"]]["requests"] = row["n"]
    for row in offers:
        counts[row["assistancearea_id"]]["offers"] = row["n"]
    return counts


def _by_region(year: int, quarter: int) -> dict[str, dict[str, int]]:
    """New requests by the requesting state's regional group; new offers by the groups they
    serve (an offer open to every state counts in every group)."""
    start, end = quarter_bounds(year, quarter)
    counts: dict[str, dict[str, int]] = {
        group: {"requests": 0, "offers": 0} for group in RegionalGroup.values
    }
    requests = (
        AssistanceRequest.objects.filter(
            date_received__gte=start.date(), date_received__lt=end.date()
        )
        .values("state__regional_group")
        .annotate(n=Count("id"))
    )
    for row in requests:
        counts[row["state__regional_group"]]["requests"] = row["n"]
    offers = AssistanceOffer.objects.filter(created_at__gte=start, created_at__lt=end)
    served_groups: dict[int, set[str]] = defaultdict(set)
    for offer_id, group in AssistanceOffer.states_served.through.objects.filter(
        assistanceoffer__in=offers
    ).values_list("assistanceoffer_id", "memberstate__regional_group"):
        served_groups[offer_id].add(group)
    tally: Counter[str] = Counter()
    for offer_id, regions in offers.values_list("id", "regions"):
        groups = set(regions) | served_groups[offer_id]
        tally.update(groups or RegionalGroup.values)
    for group, n in tally.items():
        counts[group]["offers"] = n
    return counts


HEADLINES = [
    ("new_requests", gettext_lazy("New requests received")),
    ("updated_requests", gettext_lazy("Requests moved on")),
    ("new_offers", gettext_lazy("New offers")),
    ("updated_offers", gettext_lazy("Offers changed")),
    ("new_matches", gettext_lazy("New matches proposed")),
    ("updated_matches", gettext_lazy("Matches moved on")),
    ("delivered_matches", gettext_lazy("Assistance delivered")),
    ("unmatched_requests", gettext_lazy("Requests still unmatched at the end of the quarter")),
    ("stale_requests", gettext_lazy("Stale requests (no movement for 90 days)")),
]


def gather_figures(year: int, quarter: int) -> dict:
    """Every figure of the digest of ``year`` Q``quarter``, with the previous quarter's beside
    it; JSON-safe, stored on the digest row and rendered into its HTML and PDF."""
    previous = previous_quarter(year, quarter)
    now_counts = _new_and_updated(year, quarter)
    before_counts = _new_and_updated(*previous)
    now_open = _open_at_end(year, quarter)
    before_open = _open_at_end(*previous)
    now_counts["unmatched_requests"] = len(now_open["unmatched"])
    now_counts["stale_requests"] = len(now_open["stale"])
    before_counts["unmatched_requests"] = len(before_open["unmatched"])
    before_counts["stale_requests"] = len(before_open["stale"])
    headline = [
        {
            "key": key,
            "label": str(label),
            "value": now_counts[key],
            "previous": before_counts[key],
            "change": now_counts[key] - before_counts[key],
        }
        for key, label in HEADLINES
    ]
    areas_now, areas_before = _by_area(year, quarter), _by_area(*previous)
    by_area = [
        {
            "code": area.code,
            "area": area.name,
            "requests": areas_now[area.pk]["requests"],
            "offers": areas_now[area.pk]["offers"],
            "previous_requests": areas_before[area.pk]["requests"],
            "previous_offers": areas_before[area.pk]["offers"],
        }
        for area in AssistanceArea.objects.order_by("position", "name")
    ]
    regions_now, regions_before = _by_region(year, quarter), _by_region(*previous)
    by_region = [
        {
            "group": value,
            "region": str(label),
            "requests": regions_now[value]["requests"],
            "offers": regions_now[value]["offers"],
            "previous_requests": regions_before[value]["requests"],
            "previous_offers": regions_before[value]["offers"],
        }
        for value, label in RegionalGroup.choices
    ]
    start, end = quarter_bounds(year, quarter)
    return {
        "year": year,
        "quarter": quarter,
        "first_day": start.date().isoformat(),
        "last_day": (end.date() - timedelta(days=1)).isoformat(),
        "previous": {"year": previous[0], "quarter": previous[1]},
        "headline": headline,
        "by_area": by_area,
        "by_region": by_region,
        "unmatched": _listing(now_open["unmatched"], now_open["last_move"]),
        "stale": _listing(now_open["stale"], now_open["last_move"]),
        "listed_at_most": LISTED,
        "gathered_at": timezone.now().isoformat(),
    }


def in_reader_language(figures: dict) -> dict:
    """The stored figures with their labels in the active language. The figures keep the labels
    of the language the digest was built in (its HTML, PDF and mail are in that language); the
    page names the headline figures, areas and regional groups again by their keys, for each
    reader. Labels stored before the keys were (no ``code`` or ``group``) stay as they are."""
    if not figures:
        return figures
    headlines = dict(HEADLINES)
    areas = {area.code: area.name for area in AssistanceArea.objects.all()}
    groups = dict(RegionalGroup.choices)
    return {
        **figures,
        "headline": [
            {**row, "label": str(headlines.get(row.get("key"), row["label"]))}
            for row in figures.get("headline", [])
        ],
        "by_area": [
            {**row, "area": areas.get(row.get("code"), row["area"])}
            for row in figures.get("by_area", [])
        ],
        "by_region": [
            {**row, "region": str(groups.get(row.get("group"), row["region"]))}
            for row in figures.get("by_region", [])
        ],
    }


# --- Rendering and mail ---------------------------------------------------------------------------


def _context(figures: dict) -> dict:
    return {
        "figures": figures,
        "first_day": date.fromisoformat(figures["first_day"]),
        "last_day": date.fromisoformat(figures["last_day"]),
    }


def render_html(figures: dict) -> str:
    return render_to_string(DOCUMENT_TEMPLATE, _context(figures))


def render_pdf(figures: dict) -> bytes:
    return pdf.render_pdf(DOCUMENT_TEMPLATE, _context(figures))


def committee_members():
    """Who receives the digest: the committee's members (Security Council delegations)."""
    return (
        User.objects.filter(role=Role.COMMITTEE_MEMBER, is_active=True)
        .exclude(email="")
        .order_by("id")
    )


def queue_digest_mail(digest, members: list, *, build):
    """Record the digest's mail to the committee's members, one message with them in Bcc (the
    delegations' addresses are not shown to each other) and the PDF attached, to be sent by the
    mail task once the build commits (core/mail.py). The build and its mailing are two
    steps: a mail server that is down never makes the build run again, and the digest page shows
    whether the mail went out, from this record. Its key names the digest and the build (when
    that build was asked for): a build published twice (its task run again) mails once."""
    from core.mail import queue_mail

    subject = _("1540 Committee: assistance digest, %(year)s Q%(quarter)s") % {
        "year": digest.year,
        "quarter": digest.quarter,
    }
    body = render_to_string(
        "assistance/digest_mail.txt", {"digest": digest, "figures": digest.figures}
    )
    return queue_mail(
        subject=subject,
        body=body,
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=[member.email for member in members],
        topic=digest.mail_topic,
        key=f"{digest.mail_topic}:{build.timestamp():.6f}",
        attachments=[
            {
                "name": f"assistance-digest-{digest.year}-Q{digest.quarter}.pdf",
                "path": digest.pdf_file.name,
                "mimetype": "application/pdf",
            }
        ],
    )
