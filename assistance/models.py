"""Assistance under resolution 1540 (programme of work, section B, paragraph 9): what states ask
for, what states and organisations offer, the matches the committee brokers between them, and
the quarterly digest that keeps the committee informed."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from assistance.choices import (
    AREAS,
    MATCH_AGREED,
    REQUEST_FINAL,
    REQUEST_MATCHED,
    AssistanceKind,
    DigestBuildStatus,
    DigestBuildStep,
    Eligibility,
    MatchStatus,
    NeedMet,
    OfferLanguage,
    OfferStatus,
    RequestChannel,
    RequesterKind,
    RequestStatus,
)
from assistance.currencies import validate_currency
from assistance.fields import ChoiceSetField
from core.builds import BackgroundBuild
from core.choices import Language
from core.fields import IdSetField
from core.files import validate_document
from core.permissions import restrict, rows_seen
from core.validators import no_bidi_override
from states.choices import MatrixSectionCode, RegionalGroup, WeaponType

# 9(c): the committee follows up; a request nobody has moved for this long is flagged.
STALE_AFTER = timedelta(days=90)
# Resolution 1540 was adopted on 28 April 2004: nothing about it was received before.
RESOLUTION_ADOPTED = date(2004, 4, 28)


# --- Areas ----------------------------------------------------------------------------------------


def _in_every_language(field: str, texts: dict[str, str]) -> dict[str, str]:
    """The columns of ``field`` (``name_fr``, ``name_zh_hans``...) with ``texts`` by language."""
    return {
        build_localized_fieldname(field, language): texts[language]
        for language in AVAILABLE_LANGUAGES
    }


class AssistanceAreaQuerySet(models.QuerySet):
    def ensure_taxonomy(self) -> int:
        """Create the areas of the taxonomy that are missing, and give those that exist the
        taxonomy's names and descriptions in the six languages; returns how many rows were
        written (none when the taxonomy is there already). The position and the matrix sections
        of an existing area are left as the secretariat set them."""
        existing = {area.code: area for area in self.filter(code__in=[a.code for a in AREAS])}
        missing = []
        updated = 0
        # The plain ``name`` and ``description`` columns hold the English, which
        # django-modeltranslation writes there from the language active when a row is saved.
        with translation.override(DEFAULT_LANGUAGE):
            for position, entry in enumerate(AREAS, start=1):
                texts = {
                    **_in_every_language("name", entry.names),
                    **_in_every_language("description", entry.descriptions),
                }
                area = existing.get(entry.code)
                if area is None:
                    missing.append(
                        AssistanceArea(
                            code=entry.code,
                            matrix_sections=entry.sections,
                            position=position,
                            **texts,
                        )
                    )
                    continue
                changed = [field for field, value in texts.items() if getattr(area, field) != value]
                if changed:
                    for field in changed:
                        setattr(area, field, texts[field])
                    area.save(update_fields=[*changed, "name", "description"])
                    updated += 1
            # bulk_create writes no history; these rows are reference data loaded by the system.
            self.bulk_create(missing)
        return len(missing) + updated


class AssistanceArea(models.Model):
    """An area in which states ask for and offer assistance (legislative drafting, border and
    export control, nuclear security...), as the 1540 assistance template lists them
    (programme of work 9(b)), named and described in the six official languages. Each area is
    tied to the sections of the 1540 matrix it helps a state fill, by the matrix's stable
    section codes."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[no_bidi_override])
    description = models.TextField(_("description"), blank=True)
    matrix_sections = ChoiceSetField(
        _("matrix sections"),
        item_choices=MatrixSectionCode.choices,
        max_length=40,
        help_text=_("The sections of the 1540 matrix this area helps a state fill."),
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    # Its history is registered in assistance/translation.py, with the name and description
    # in the six languages.
    objects = AssistanceAreaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("assistance area")
        verbose_name_plural = _("assistance areas")

    def __str__(self) -> str:
        return self.name


# --- Requests -------------------------------------------------------------------------------------


class OrganizationMembership(models.Model):
    """A state's membership of a regional or subregional organisation (CARICOM and its members),
    as far as assistance needs it: an organisation asks for assistance on behalf of its members
    only. Kept by the secretariat (the admin)."""

    organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("member state"),
        on_delete=models.CASCADE,
        related_name="organization_memberships",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "state"]
        verbose_name = _("membership of an organisation")
        verbose_name_plural = _("memberships of organisations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "state"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.organization.short_name}: {self.state}"


class AssistanceRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssistanceRequestQuerySet:
        return restrict(self, user, "assistance.read_request")

    def open(self) -> AssistanceRequestQuerySet:
        return self.exclude(status__in=REQUEST_FINAL)

    def stale(self, now: datetime | None = None) -> AssistanceRequestQuerySet:
        """Open requests nobody has moved for 90 days or more (9(c): follow-up)."""
        now = now or timezone.now()
        return self.open().filter(last_activity_at__lte=now - STALE_AFTER)


def request_document_upload_to(request: AssistanceRequest, filename: str) -> str:
    # Named by the content's kind (core/files.py sniffed it), never by the sender's file name.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"assistance/requests/{uuid.uuid4().hex}.{extension}"


class AssistanceRequest(models.Model):
    """A state's request for assistance in implementing resolution 1540, with the fields of the
    1540 assistance template (programme of work 9(a) and 9(b)). A point of contact submits it for
    their own state, or the secretariat records one received by note verbale or in a national
    report; the experts and the secretariat then acknowledge it, circulate it to providers and
    match it (9(c)). It appears in the public assistance database only if the state consents."""

    PUBLIC_PAGES = "assistance.read_request"

    # The requesting state; for a group of states or an organisation's request, the first of
    # the states concerned (the one the correspondence goes to). ``requesting_states`` holds
    # every state concerned, this one included.
    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("requesting state"),
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    requester_kind = models.CharField(
        _("requested by"), max_length=12, choices=RequesterKind, default=RequesterKind.STATE
    )
    requesting_states = models.ManyToManyField(
        "states.MemberState",
        verbose_name=_("states concerned"),
        blank=True,
        related_name="assistance_requests_concerning",
    )
    # The ids of ``requesting_states``, kept with them by the services: the row rules read the
    # states concerned from the row itself (assistance/permissions.py), without a join that
    # would repeat a request once per state.
    requesting_state_ids = IdSetField(verbose_name=_("states concerned"))
    requesting_organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("requesting organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_requests",
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    date_received = models.DateField(_("date received"))
    # The contact point for the request (the template's section 1).
    contact_name = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_function = models.CharField(_("function"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    # The note verbale or the filled template, as received (PDF or Word, checked by content).
    document = models.FileField(
        _("note verbale or template"),
        upload_to=request_document_upload_to,
        max_length=200,
        blank=True,
        validators=[validate_document],
    )
    channel = models.CharField(_("received by"), max_length=20, choices=RequestChannel)
    areas = models.ManyToManyField(AssistanceArea, verbose_name=_("areas"), related_name="requests")
    weapon_types = ChoiceSetField(
        _("weapon types concerned"), item_choices=WeaponType.choices, max_length=60
    )
    assistance_type = models.CharField(
        _("type of help sought"), max_length=15, choices=AssistanceKind
    )
    description = models.TextField(_("description of the need"))
    action_taken = models.TextField(_("what has been done already"), blank=True)
    # A reference until the national action plans of 8(i) have their own model (another issue):
    # then this becomes a link to the plan.
    action_plan_reference = models.CharField(
        _("national action plan"),
        max_length=300,
        blank=True,
        help_text=_("A link to, or the reference of, the state's national action plan, if any."),
    )
    publication_consent = models.BooleanField(
        _("the state consents to publication"),
        default=False,
        help_text=_("Only requests with the state's consent appear in the public database."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    # Posted on the website: a step of its own, taken only with the consent (the public sees
    # a request once it is posted and while the consent stands).
    posted = models.BooleanField(_("posted on the website"), default=False)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=RequestStatus, default=RequestStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # Any movement: a status change, a match proposed or moved on, a follow-up note.
    last_activity_at = models.DateTimeField(_("last movement"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[areas, requesting_states])
    objects = AssistanceRequestQuerySet.as_manager()

    # Fields guarded inside a visible request (core/visibility.py): the API, the pages and
    # the exports all ask this, never a rule of their own.
    FIELD_PERMISSIONS = {
        "status_history": "assistance.see_request_history",
        "document_url": "assistance.see_request_document",
        "contact_name": "assistance.see_request_document",
        "contact_function": "assistance.see_request_document",
        "contact_email": "assistance.see_request_document",
        "contact_phone": "assistance.see_request_document",
    }

    class Meta:
        ordering = ["-date_received", "-id"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        indexes = [models.Index(fields=["status", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester_kind=RequesterKind.ORGANIZATION)
                | Q(requesting_organization__isnull=False),
                name="organisation_request_names_it",
                violation_error_message=_("Name the organisation that sends the request."),
            ),
            models.CheckConstraint(
                condition=Q(posted=False)
                | (Q(posted_on__isnull=False) & Q(publication_consent=True)),
                name="posted_request_has_consent_and_date",
                violation_error_message=_(
                    "A request is posted on the website only with the requester's consent, "
                    "on a date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:request-detail", kwargs={"pk": self.pk})

    @property
    def requester_name(self) -> str:
        """Who asks: the state, the organisation, or the states of a group."""
        if self.requester_kind == RequesterKind.ORGANIZATION and self.requesting_organization_id:
            return self.requesting_organization.short_name
        if self.requester_kind == RequesterKind.GROUP:
            return ", ".join(state.name for state in self.requesting_states.all())
        return str(self.state)

    def concerns_state(self, state_id: int | None) -> bool:
        return state_id is not None and (
            state_id == self.state_id or state_id in (self.requesting_state_ids or [])
        )

    @property
    def is_open(self) -> bool:
        return self.status not in REQUEST_FINAL

    @property
    def is_matched(self) -> bool:
        return self.status in REQUEST_MATCHED

    @property
    def is_stale(self) -> bool:
        return self.is_open and self.last_activity_at <= timezone.now() - STALE_AFTER

    def get_weapon_types_display(self) -> str:
        return ", ".join(str(WeaponType(value).label) for value in self.weapon_types)


class StatusChange(models.Model):
    """What every status history row holds besides its subject and its two statuses: when, by
    whom and why. Rows are only ever added. Abstract: each history keeps its own table, and the
    subclasses declare ``from_status``/``to_status`` with their own choices."""

    changed_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    # inherit: each concrete subclass gets its own historical table, as before.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]


class AssistanceRequestStatusChange(StatusChange):
    """One dated, attributed step in a request's life (received, acknowledged, circulated...).
    Rows are only ever added: together they are the request's status history."""

    request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        pgettext_lazy("status history", "from"), max_length=15, choices=RequestStatus, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status history", "to"), max_length=15, choices=RequestStatus
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("request status change")
        verbose_name_plural = _("request status changes")

    def __str__(self) -> str:
        before = self.get_from_status_display() or "—"
        return f"{self.request_id}: {before} → {self.get_to_status_display()}"


class AssistanceNeed(models.Model):
    """One need of a request, numbered within it (1, 2...): the 2017 template asks for one
    request per subject area, listing inside it each thing the requester needs, with the type of
    help sought for it."""

    request = models.ForeignKey(
        AssistanceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="needs"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("description of the need"))
    assistance_type = models.CharField(
        _("type of help sought"), max_length=15, choices=AssistanceKind
    )
    weapon_types = ChoiceSetField(
        _("weapon types concerned"), item_choices=WeaponType.choices, max_length=60, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "number"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="one_need_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="need_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}.{self.number}"

    def get_weapon_types_display(self) -> str:
        return ", ".join(str(WeaponType(value).label) for value in self.weapon_types)


# --- Offers ---------------------------------------------------------------------------------------


def offer_terms_errors(
    *, available_from, available_to, budget_min, budget_max, budget_currency
) -> dict[str, str]:
    """What is wrong with an offer's period and budget, by field (none when all is well)."""
    errors = {}
    if available_from and available_to and available_to < available_from:
        errors["available_to"] = _("The period of availability ends before it begins.")
    for name, value in (("budget_min", budget_min), ("budget_max", budget_max)):
        if value is not None and value < 0:
            errors[name] = _("A budget cannot be negative.")
    if (
        "budget_min" not in errors
        and "budget_max" not in errors
        and budget_min is not None
        and budget_max is not None
        and budget_max < budget_min
    ):
        errors["budget_max"] = _("The budget's upper bound is below its lower bound.")
    if (budget_min is not None or budget_max is not None) and not budget_currency:
        errors["budget_currency"] = _("Give the currency of the budget.")
    return errors


class AssistanceOfferQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssistanceOfferQuerySet:
        return restrict(self, user, "assistance.read_offer")

    def active(self) -> AssistanceOfferQuerySet:
        return self.filter(status=OfferStatus.ACTIVE)

    def with_matched(self, user) -> AssistanceOfferQuerySet:
        """Annotate ``matched``: a provider has agreed to help a request with this offer. Only
        the requests the reader may see count, so the indicator says nothing about a request
        they may not know of."""
        matches = Match.objects.filter(
            rows_seen(user, "assistance.read_request").q("request__"),
            Q(status__in=MATCH_AGREED) | Q(delivered_on__isnull=False),
            offer=OuterRef("pk"),
        )
        return self.annotate(matched=Exists(matches))


class AssistanceOffer(models.Model):
    """An offer of assistance from a member state or from an international, regional or
    subregional organisation (programme of work 9(a)): the areas and weapon types it covers, the
    regions or states it serves, until when it stands, and whether it may be published. The
    provider is exactly one of a state or an organisation, as the database enforces."""

    PUBLIC_PAGES = "assistance.read_offer"

    provider_state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("offering state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_offers",
    )
    provider_organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("offering organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_offers",
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    assistance_type = models.CharField(
        _("type of assistance"), max_length=15, choices=AssistanceKind
    )
    description = models.TextField(_("description"))
    areas = models.ManyToManyField(AssistanceArea, verbose_name=_("areas"), related_name="offers")
    weapon_types = ChoiceSetField(
        _("weapon types"),
        item_choices=WeaponType.choices,
        max_length=60,
        help_text=_("Leave empty for assistance that concerns every weapon type."),
    )
    regions = ChoiceSetField(
        _("regions served"),
        item_choices=RegionalGroup.choices,
        max_length=150,
        help_text=_("Leave regions and states empty for an offer open to every state."),
    )
    states_served = models.ManyToManyField(
        "states.MemberState",
        verbose_name=_("states served"),
        blank=True,
        related_name="assistance_offers_serving",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public assistance database.")
    )
    # The offer as the assistance template has it (9(b)): who to contact, in which languages,
    # when, for how much and for whom.
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[no_bidi_override]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    languages = ChoiceSetField(
        _("languages of the help"),
        item_choices=OfferLanguage.choices,
        max_length=40,
        help_text=_("The languages in which the help can be given."),
    )
    other_languages = models.CharField(
        _("other languages"),
        max_length=200,
        blank=True,
        help_text=_("The other languages, by name."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_to = models.DateField(_("available until"), null=True, blank=True)
    budget_min = models.DecimalField(
        _("budget from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency of the budget"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("Its ISO 4217 code: USD, EUR, CHF..."),
    )
    eligibility = models.CharField(
        _("who may receive it"), max_length=10, choices=Eligibility, default=Eligibility.ALL
    )
    eligibility_details = models.TextField(
        _("eligibility in detail"),
        blank=True,
        help_text=_("Which region or groups of states, and any condition."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus, default=OfferStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[areas, states_served])
    objects = AssistanceOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assistance offer")
        verbose_name_plural = _("assistance offers")
        constraints = [
            models.CheckConstraint(
                condition=(Q(provider_state__isnull=False) & Q(provider_organization__isnull=True))
                | (Q(provider_state__isnull=True) & Q(provider_organization__isnull=False)),
                name="offer_has_exactly_one_provider",
                violation_error_message=_(
                    "An offer comes from exactly one provider: a member state or an organisation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_name} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:offer-detail", kwargs={"pk": self.pk})

    @property
    def provider(self):
        return self.provider_state or self.provider_organization

    @property
    def provider_name(self) -> str:
        if self.provider_state_id:
            return self.provider_state.name
        return self.provider_organization.short_name if self.provider_organization_id else "—"

    @property
    def is_active(self) -> bool:
        return self.status == OfferStatus.ACTIVE

    def is_valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day

    def get_weapon_types_display(self) -> str:
        return ", ".join(str(WeaponType(value).label) for value in self.weapon_types)

    def clean(self) -> None:
        super().clean()
        errors = offer_terms_errors(
            available_from=self.available_from,
            available_to=self.available_to,
            budget_min=self.budget_min,
            budget_max=self.budget_max,
            budget_currency=self.budget_currency,
        )
        if errors:
            raise ValidationError(errors)

    def get_languages_display(self) -> str:
        names = [str(OfferLanguage(value).label) for value in self.languages]
        if OfferLanguage.OTHER in self.languages and self.other_languages:
            names[self.languages.index(OfferLanguage.OTHER)] = self.other_languages
        return ", ".join(names)

    def get_regions_display(self) -> str:
        return ", ".join(str(RegionalGroup(value).label) for value in self.regions)


# --- Matches --------------------------------------------------------------------------------------


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatchQuerySet:
        return restrict(self, user, "assistance.read_match")


class Match(models.Model):
    """The committee's pairing of a request with an offer (programme of work 9(c)): proposed by
    an expert, the providers contacted, agreed, the assistance delivered and the file closed,
    with follow-up notes and the requesting state's feedback on whether the need was met."""

    PUBLIC_PAGES = "assistance.read_match"

    request = models.ForeignKey(
        AssistanceRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="matches",
    )
    offer = models.ForeignKey(
        AssistanceOffer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus, default=MatchStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    need_met = models.CharField(_("was the need met?"), max_length=6, choices=NeedMet, blank=True)
    feedback = models.TextField(_("the requesting state's feedback"), blank=True)
    feedback_recorded_at = models.DateTimeField(_("feedback recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = MatchQuerySet.as_manager()

    # A match is seen by both states, but each side (the request, the offer) only by a reader
    # who may open that side itself: the offering state does not learn of an unpublished request,
    # nor the requesting state of a non-public offer, through the match. The file (reasons,
    # notes, feedback) is not the offering state's (core/visibility.py).
    FIELD_PERMISSIONS = {
        "request": "assistance.see_match_request",
        "requesting_state": "assistance.see_match_request",
        "offer": "assistance.see_match_offer",
        "provider_name": "assistance.see_match_offer",
        "status_history": "assistance.see_match_file",
        "follow_ups": "assistance.see_match_file",
        "need_met": "assistance.see_match_file",
        "feedback": "assistance.see_match_file",
        "feedback_recorded_at": "assistance.see_match_file",
    }

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["request", "offer"], name="one_match_per_pair"),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.DELIVERED) | Q(delivered_on__isnull=False),
                name="delivered_match_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} ↔ {self.offer.provider_name}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:match-detail", kwargs={"pk": self.pk})

    @property
    def is_delivered(self) -> bool:
        return self.delivered_on is not None


class MatchStatusChange(StatusChange):
    """One dated, attributed step of a match (proposed, providers contacted, agreed...)."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        pgettext_lazy("status history", "from"), max_length=10, choices=MatchStatus, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status history", "to"), max_length=10, choices=MatchStatus
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("match status change")
        verbose_name_plural = _("match status changes")

    def __str__(self) -> str:
        before = self.get_from_status_display() or "—"
        return f"{self.match_id}: {before} → {self.get_to_status_display()}"


class MatchFollowUp(models.Model):
    """A note on the follow-up of a match: a call with the provider, a reminder sent, the dialogue
    opened between the requesting state and the provider (9(c))."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    note = models.TextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.match_id}: {self.note[:40]}"


# --- Quarterly digest -----------------------------------------------------------------------------


class QuarterlyDigestQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuarterlyDigestQuerySet:
        return restrict(self, user, "assistance.read_digests")


def digest_upload_to(digest: QuarterlyDigest, filename: str) -> str:
    # A new name for every build: the row points at the old files until the new ones are whole.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"digests/{digest.year}-Q{digest.quarter}-{uuid.uuid4().hex}.{extension}"


class QuarterlyDigest(BackgroundBuild, models.Model):
    """The assistance digest by which the committee is informed at least once a quarter
    (programme of work 9(h)): new and updated requests, offers and matches, requests still
    unmatched and stale ones, counts by area and region, compared with the previous quarter.
    One per quarter, built by a Celery task in one of the six official languages; a rebuild
    replaces it at once or not at all."""

    PUBLIC_PAGES = "assistance.read_digests"

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    # The language of the content built (its words, labels and names, in ``figures`` and the
    # files); the latest build's is ``build_language`` until that build replaces the content.
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    html_file = models.FileField(_("HTML"), upload_to=digest_upload_to, max_length=200, blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to=digest_upload_to, max_length=200, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    # Whom it was mailed to, and whether that went out, is the mail record's (``mailing``).
    # The latest build, separate from the content above so that a build that fails or is killed
    # half-way leaves the previous content as it was.
    build_status = models.CharField(
        _("build"), max_length=10, choices=DigestBuildStatus, default=DigestBuildStatus.QUEUED
    )
    build_progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    build_step = models.CharField(_("step"), max_length=100, blank=True)
    build_requested_at = models.DateTimeField(_("build requested at"), default=timezone.now)
    # Written while a build runs: a build whose worker was killed stops beating and is shown as
    # stalled, and may be restarted (core/builds.py).
    build_heartbeat_at = models.DateTimeField(_("last sign of the build"), null=True, blank=True)
    build_error = models.TextField(_("build error"), blank=True)
    build_language = models.CharField(
        _("language of the build"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Progress ticks are written with update() and are not history; builds and requests are.
    history = HistoricalRecords(
        excluded_fields=["build_progress", "build_step", "build_heartbeat_at"]
    )
    objects = QuarterlyDigestQuerySet.as_manager()

    # The mail server's error can list the members' addresses (a refused-recipients error names
    # the Bcc): the secretariat's, like the outgoing mail page (core/visibility.py).
    # The mail server's error may list the Bcc addresses; a build's error, the worker's insides.
    FIELD_PERMISSIONS = {
        "mailing_error": "committee.see_outgoing_mail",
        "build_error": "assistance.build_digest",
    }

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("quarterly digest")
        verbose_name_plural = _("quarterly digests")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_digest_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="digest_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        # "2025 Q1" in English, "T1 2025" in French, "2025年第1季度" in Chinese.
        return gettext("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.quarter}

    def get_absolute_url(self) -> str:
        return reverse("assistance:digest-detail", kwargs={"pk": self.pk})

    @property
    def build_step_label(self) -> str:
        """The step of the running build, in the reader's language (stored as a code)."""
        if self.build_step in DigestBuildStep.values:
            return str(DigestBuildStep(self.build_step).label)
        return self.build_step  # written before steps were codes

    @property
    def is_built(self) -> bool:
        return bool(self.pdf_file)

    @property
    def is_building(self) -> bool:
        return self.build_status in (DigestBuildStatus.QUEUED, DigestBuildStatus.RUNNING)

    # The build (core/builds.py).
    restart_url_name = "assistance:digest-restart"
    build_status_field = "build_status"
    build_queued = DigestBuildStatus.QUEUED
    build_running = DigestBuildStatus.RUNNING
    build_requested_field = "build_requested_at"
    build_heartbeat_field = "build_heartbeat_at"

    def build_task(self) -> tuple[str, tuple]:
        return "assistance.tasks.build_digest", (self.year, self.quarter)

    def requeue_build(self, acting_user) -> list[str]:
        self.build_status = DigestBuildStatus.QUEUED
        self.build_progress = 0
        self.build_step = ""
        self.build_error = ""
        self.build_requested_at = timezone.now()
        self.build_heartbeat_at = None
        self.requested_by = acting_user
        return [
            "build_status",
            "build_progress",
            "build_step",
            "build_error",
            "build_requested_at",
            "build_heartbeat_at",
            "requested_by",
        ]

    @property
    def mail_topic(self) -> str:
        return f"assistance.quarterlydigest:{self.pk}"

    @cached_property
    def mailing(self):
        """The mail of the latest build to the committee's members, as it went (queued, sent or
        failed): what the page and the API say about the mailing comes from here."""
        from core.models import OutgoingMail

        return OutgoingMail.objects.about(self.mail_topic).order_by("-id").first()

    @staticmethod
    def attach_mailings(digests) -> list[QuarterlyDigest]:
        """Read the mailing of each digest of a list in one query, not one per row."""
        from core.models import OutgoingMail

        digests = list(digests)
        latest = {}
        topics = [digest.mail_topic for digest in digests]
        for mail in OutgoingMail.objects.filter(topic__in=topics).defer("body").order_by("id"):
            latest[mail.topic] = mail
        for digest in digests:
            digest.__dict__["mailing"] = latest.get(digest.mail_topic)  # the cached_property's
        return digests


# Projects and trust-fund contributions (12(e)) live in their own module; imported here so that
# Django finds them among the app's models.
from assistance.project_models import AssistanceProject, TrustFundContribution  # noqa: E402, F401
