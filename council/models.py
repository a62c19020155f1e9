"""The council: councillors and committees, the register of draft decisions, sittings with their
agendas and votes, and the numbered decisions (DOMAIN.md, "Execution" and "Sittings")."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from council import deadlines
from program import roles
from program.models import ItemKind, LegalCharacter, Majority, ProgramItem
from workflows import clock
from workflows.conditions import allowed_to, explained
from workflows.door import door
from workflows.errors import Invalid
from workflows.models import Stamped


def dated_reference(number: int, day: dt.date) -> str:
    """How a draft (by registration) or a decision (by adoption) is cited: "12/16.04.2026"."""
    return f"{number}/{day:%d.%m.%Y}"


class CouncillorQuerySet(models.QuerySet):
    def in_office(self, on: date | None = None) -> CouncillorQuerySet:
        """Councillors whose mandate covers the given day (today by default)."""
        on = on or clock.today()
        return self.filter(mandate_start__lte=on).filter(
            Q(mandate_end__isnull=True) | Q(mandate_end__gte=on)
        )


class MandateEnd(models.TextChoices):
    """Why a mandate ended before its term (Codul administrativ, art. 204)."""

    RESIGNATION = "resignation", _("resignation")
    INCOMPATIBILITY = "incompatibility", _("incompatibility")
    DEATH = "death", _("death")
    OTHER = "other", _("other cause provided by law")


class Councillor(Stamped):
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=100, blank=True)
    # The party group (grup de consilieri) in the council; empty for an independent councillor.
    party_group = models.CharField(_("party group"), max_length=100, blank=True)
    # The mandate starts when the court validates it.
    mandate_start = models.DateField(_("mandate start (validated on)"))
    # Empty while the mandate runs; the last day in office when it ends early.
    mandate_end = models.DateField(_("mandate end"), null=True, blank=True)
    mandate_end_reason = models.CharField(
        _("why the mandate ended"), max_length=20, choices=MandateEnd.choices, blank=True
    )
    # A substitute from the same list takes the seat of a councillor whose mandate ended.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )

    objects = CouncillorQuerySet.as_manager()

    class Meta:
        triggers = [door()]
        verbose_name = _("councillor")
        verbose_name_plural = _("councillors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True)
                | Q(mandate_end__gte=models.F("mandate_start")),
                name="councillor_mandate_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True, mandate_end_reason="")
                | Q(mandate_end__isnull=False) & ~Q(mandate_end_reason=""),
                name="councillor_mandate_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    def get_absolute_url(self) -> str:
        return reverse("councillor", args=[self.pk])

    def in_office_on(self, day: date) -> bool:
        return self.mandate_start <= day and (self.mandate_end is None or day <= self.mandate_end)

    @property
    def in_office(self) -> bool:
        return self.in_office_on(clock.today())


def councillors_in_office(on: date | None = None) -> int:
    """How many councillors are in office: the base for quorum and the qualified majorities."""
    return Councillor.objects.in_office(on).count()


class Committee(Stamped):
    """A standing committee (comisie de specialitate) that gives opinions on draft decisions."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=300)
    members = models.ManyToManyField(
        Councillor,
        through="CommitteeMembership",
        related_name="committees",
        blank=True,
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committee", args=[self.slug])

    def members_on(self, day: date | None = None) -> models.QuerySet[CommitteeMembership]:
        day = day or clock.today()
        return (
            self.memberships.filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .select_related("councillor")
        )


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("committee role", "chair")
    SECRETARY = "secretary", pgettext_lazy("committee role", "secretary")
    MEMBER = "member", pgettext_lazy("committee role", "member")


class CommitteeMembership(Stamped):
    """A councillor's place in a committee, with a role, over a period."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="memberships")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=10, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["committee", "start", "councillor__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(role__in=CommitteeRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.name}, {self.get_role_display()}: {self.committee.name}"


# Execution: the register of draft decisions, sittings and decisions ---------------------------


class NumberSequence(models.Model):
    """Gap-free numbers per register and year: draft registrations, decisions."""

    register = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        triggers = [door()]
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="sequence_unique")]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last}"


class Kind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary")
    EXTRAORDINARY = "extraordinary", _("extraordinary")
    EMERGENCY = "emergency", _("emergency")


class SittingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CONVENED = "convened", _("convened")
    HELD = "held", _("held")
    MINUTES_PUBLISHED = "minutes_published", _("minutes published")
    CANCELLED = "cancelled", _("cancelled")


class Initiative(models.TextChoices):
    MAYOR = "mayor", _("the mayor")
    COUNCILLORS = "councillors", _("councillors")
    CITIZENS = "citizens", _("citizens")


class DraftStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    IN_CONSULTATION = "in_consultation", _("in public consultation")
    IN_REVIEW = "in_review", _("in review")
    ON_AGENDA = "on_agenda", _("on the agenda")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # A report or an information: the council takes note of it; it is not voted.
    NOTED = "noted", _("taken note of")


@allowed_to(lambda obj: _("the secretariat"))
def secretariat(obj: Any, user: Any) -> bool:
    return roles.is_secretariat(user)


def acting_day(obj: Any) -> dt.date:
    return timezone.localtime(getattr(obj, "acting_at", None) or clock.now()).date()


# Conditions of the draft decision lifecycle ----------------------------------------------------


@explained
def is_normative(draft: DraftDecision) -> list[str]:
    """Only normative drafts go to public consultation."""
    if draft.legal_character != "normative":
        return [_("Only normative drafts go to public consultation (Legea 52/2003).")]
    problems = []
    if not draft.consultation_announced_on:
        problems.append(_("Give the date the consultation was announced."))
    if not draft.recommendations_until:
        problems.append(_("Give the date until which recommendations are accepted."))
    if draft.consultation_announced_on and draft.recommendations_until and not draft.urgency_reason:
        earliest = deadlines.earliest_recommendations_end(draft.consultation_announced_on)
        if draft.recommendations_until < earliest:
            problems.append(
                _("Recommendations must be accepted until %(date)s at least.")
                % {"date": earliest.strftime("%d.%m.%Y")}
            )
    return problems


@explained
def consultation_done(draft: DraftDecision) -> list[str]:
    """A normative draft is sent for opinions only after its consultation (Legea 52/2003)."""
    if draft.legal_character != "normative":
        return []
    if draft.status != DraftStatus.IN_CONSULTATION:
        return [_("A normative draft must go through public consultation first.")]
    today = acting_day(draft)
    problems = []
    earliest = draft.earliest_opinions_date
    if earliest and today < earliest:
        problems.append(
            _("It may go for opinions from %(date)s, %(days)s working days after announcement.")
            % {
                "date": earliest.strftime("%d.%m.%Y"),
                "days": settings.COUNCIL_RULES["CONSULTATION_WORKING_DAYS"],
            }
        )
    if draft.recommendations_until and today <= draft.recommendations_until:
        problems.append(
            _("Recommendations are accepted until %(date)s.")
            % {"date": draft.recommendations_until.strftime("%d.%m.%Y")}
        )
    if draft.recommendations_count is None:
        problems.append(_("Record the recommendations received (their number, 0 if none)."))
    if draft.debate_requested and not draft.debate_held_on:
        problems.append(_("A public debate was requested: record when it was held."))
    return problems


@explained
def file_complete(draft: DraftDecision) -> list[str]:
    """An incomplete file cannot be included on an agenda (art. 135)."""
    problems = []
    opinions = list(draft.opinions.all())
    if not any(o.kind == OpinionKind.DEPARTMENT_REPORT for o in opinions):
        problems.append(_("The department's report (raport de specialitate) is missing."))
    given = {o.committee_id for o in opinions if o.kind == OpinionKind.COMMITTEE}
    for committee in draft.committees.all():
        if committee.pk not in given:
            problems.append(
                _("The opinion of %(committee)s is missing.") % {"committee": committee.name}
            )
    if not any(o.kind == OpinionKind.LEGALITY for o in opinions):
        problems.append(_("The secretar general's legality opinion is missing."))
    return problems


@explained
def is_voted(draft: DraftDecision) -> list[str]:
    """A draft decision is voted; a report or an information is taken note of."""
    if draft.kind != ItemKind.DRAFT_DECISION:
        return [_("A report or an information is taken note of, not voted.")]
    return []


@explained
def is_taken_note_of(draft: DraftDecision) -> list[str]:
    if draft.kind == ItemKind.DRAFT_DECISION:
        return [_("A draft decision is voted: record the vote.")]
    return []


class DraftDecision(ConcurrentTransitionMixin, models.Model):
    """A draft decision (proiect de hotărâre) in the register of draft decisions (art. 136)."""

    diagram_title = "Draft decision (execution)"

    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    registration_number = models.PositiveIntegerField(_("registration number"), editable=False)
    registered_on = models.DateField(_("registered on"))
    title = models.CharField(_("title"), max_length=500)
    initiator = models.CharField(_("initiator"), max_length=200)
    item = models.ForeignKey(
        "program.ProgramItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("program item"),
        help_text=_("Empty for urgent drafts outside the program."),
    )
    department = models.ForeignKey(
        "program.Department",
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("responsible department"),
    )
    # A draft that approves an annual program (PAACL) or amends it: the decision adopted from it
    # is the one that may approve that program (program.services.program_approve).
    program = models.ForeignKey(
        "program.AnnualProgram",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approving_drafts",
        verbose_name=_("approves or amends the annual program"),
    )
    # A draft decision is voted and becomes a decision (HCL); a report or an information put
    # before the council is taken note of.
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DRAFT_DECISION
    )
    legal_character = models.CharField(
        _("legal character"), max_length=10, choices=LegalCharacter.choices
    )
    majority = models.CharField(_("required majority"), max_length=10, choices=Majority.choices)
    # Who initiated it (art. 136(1)): the mayor, councillors, or citizens (art. 247, with the
    # number of valid signatures the secretariat checked).
    initiative = models.CharField(
        _("initiative"), max_length=12, choices=Initiative.choices, default=Initiative.MAYOR
    )
    initiating_councillors = models.ManyToManyField(
        Councillor, related_name="initiatives", blank=True,
        verbose_name=_("initiating councillors"),
    )  # fmt: skip
    signatures = models.PositiveIntegerField(
        _("valid signatures (citizens' initiative)"), null=True, blank=True
    )
    committees = models.ManyToManyField(
        Committee, related_name="drafts", blank=True, verbose_name=_("committees asked")
    )
    # The referat de aprobare: the initiator's statement of reasons, part of the public file.
    statement = models.TextField(_("initiator's statement (referat de aprobare)"))
    # Public consultation (Legea 52/2003), normative drafts only.
    consultation_announced_on = models.DateField(
        _("consultation announced on"), null=True, blank=True
    )
    recommendations_until = models.DateField(
        _("recommendations accepted until"), null=True, blank=True
    )
    debate_requested = models.BooleanField(_("public debate requested"), default=False)
    debate_held_on = models.DateField(_("public debate held on"), null=True, blank=True)
    recommendations_count = models.PositiveIntegerField(
        _("recommendations received"), null=True, blank=True
    )
    # Published as the law requires: the recommendations received, in the public file.
    recommendations_text = models.TextField(_("recommendations received (text)"), blank=True)
    # Legea 52/2003, art. 7(13): in exceptional circumstances a normative draft is adopted in
    # the urgency procedure, without the 30 working days and the 10 days for recommendations;
    # the reason is public, on the draft's page.
    urgency_reason = models.TextField(_("reason for the urgency procedure"), blank=True)
    # Where the public debate was held (its minutes are a document of the draft).
    debate_place = models.CharField(_("public debate held at"), max_length=300, blank=True)
    status = FSMField(
        _("stage"),
        max_length=16,
        choices=DraftStatus.choices,
        default=DraftStatus.REGISTERED,
        protected=True,
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("draft decision")
        verbose_name_plural = _("register of draft decisions")
        ordering = ["year", "registration_number"]
        # The drafts put to public consultation, the latest first (the MOL, the consultations);
        # those whose consultation is open, the first to close first (the home page); the few
        # with a public debate, by its day (the transparency report).
        indexes = [
            models.Index(
                fields=["-consultation_announced_on", "-id"],
                condition=Q(consultation_announced_on__isnull=False),
                name="draft_consulted_latest",
            ),
            models.Index(
                fields=["recommendations_until", "id"],
                condition=Q(status="in_consultation"),
                name="draft_in_consultation",
            ),
            models.Index(
                fields=["debate_held_on"],
                condition=Q(debate_held_on__isnull=False),
                name="draft_debate_held",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "registration_number"], name="draft_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DraftStatus.values), name="draft_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(legal_character__in=LegalCharacter.values),
                name="draft_legal_character_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="draft_kind_valid"),
            models.CheckConstraint(
                condition=Q(majority__in=Majority.values), name="draft_majority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"PH {self.reference} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if self.item_id:
            # The item's progress, sitting and decision follow its draft: it changed too.
            ProgramItem.objects.filter(pk=self.item_id).update(updated_at=clock.now())

    @property
    def reference(self) -> str:
        return dated_reference(self.registration_number, self.registered_on)

    @property
    def earliest_opinions_date(self) -> dt.date | None:
        """None without an announcement, and in the urgency procedure (Legea 52, art. 7(13))."""
        if not self.consultation_announced_on or self.urgency_reason:
            return None
        return deadlines.earliest_opinions_date(self.consultation_announced_on)

    @transition(
        field=status,
        source=DraftStatus.REGISTERED,
        target=DraftStatus.IN_CONSULTATION,
        conditions=[is_normative],
        permission=secretariat,
        custom={"label": _("Open the public consultation")},
    )
    def start_consultation(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[DraftStatus.REGISTERED, DraftStatus.IN_CONSULTATION],
        target=DraftStatus.IN_REVIEW,
        conditions=[consultation_done],
        permission=secretariat,
        custom={"label": _("Send for opinions")},
    )
    def send_for_opinions(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[DraftStatus.IN_REVIEW, DraftStatus.POSTPONED],
        target=DraftStatus.ON_AGENDA,
        conditions=[file_complete],
        permission=secretariat,
        custom={"label": _("Put on a sitting's agenda"), "admin": False},
    )
    def put_on_agenda(self, *, sitting: Sitting | None = None, **kwargs: Any) -> None:
        if sitting is None:
            raise Invalid(_("Choose the sitting whose agenda the draft goes on."))

    def after_put_on_agenda(self, *, sitting: Sitting, **kwargs: Any) -> None:
        position = sitting.entries.aggregate(last=models.Max("position"))["last"] or 0
        AgendaEntry.objects.create(
            sitting=sitting, position=position + 1, draft=self, majority=self.majority
        )

    @transition(
        field=status,
        source=DraftStatus.ON_AGENDA,
        target=DraftStatus.ADOPTED,
        conditions=[is_voted],
        permission=secretariat,
        custom={"label": _("Adopted"), "admin": False},
    )
    def adopt(self, *, entry: AgendaEntry | None = None, **kwargs: Any) -> None:
        require_outcome(entry)

    @transition(
        field=status,
        source=DraftStatus.ON_AGENDA,
        target=DraftStatus.REJECTED,
        conditions=[is_voted],
        permission=secretariat,
        custom={"label": _("Rejected"), "admin": False},
    )
    def reject(self, *, entry: AgendaEntry | None = None, **kwargs: Any) -> None:
        require_outcome(entry)

    @transition(
        field=status,
        source=DraftStatus.ON_AGENDA,
        target=DraftStatus.NOTED,
        conditions=[is_taken_note_of],
        permission=secretariat,
        custom={"label": _("Taken note of"), "admin": False},
    )
    def take_note(self, *, entry: AgendaEntry | None = None, **kwargs: Any) -> None:
        require_outcome(entry)

    @transition(
        field=status,
        source=DraftStatus.ON_AGENDA,
        target=DraftStatus.POSTPONED,
        permission=secretariat,
        custom={"label": _("Postponed"), "admin": False},
    )
    def postpone(self, *, entry: AgendaEntry | None = None, **kwargs: Any) -> None:
        require_outcome(entry)

    @transition(
        field=status,
        source=[
            DraftStatus.REGISTERED,
            DraftStatus.IN_CONSULTATION,
            DraftStatus.IN_REVIEW,
            DraftStatus.ON_AGENDA,
            DraftStatus.POSTPONED,
        ],
        target=DraftStatus.WITHDRAWN,
        permission=secretariat,
        custom={"label": _("Withdrawn by the initiator"), "comment_required": True},
    )
    def withdraw(self, *, entry: AgendaEntry | None = None, **kwargs: Any) -> None:
        if self.status == DraftStatus.ON_AGENDA:
            # On a convened agenda, the withdrawal is the entry's outcome at the sitting.
            require_outcome(entry)


def require_outcome(entry: AgendaEntry | None) -> None:
    """Outcomes at a sitting are recorded with the agenda entry (votes, or postponement)."""
    if entry is None:
        raise Invalid(_("Record the outcome on the sitting's agenda, with the votes."))


class OpinionKind(models.TextChoices):
    DEPARTMENT_REPORT = "department_report", _("department report (raport de specialitate)")
    COMMITTEE = "committee", _("committee opinion (aviz)")
    LEGALITY = "legality", _("legality opinion of the secretar general")


class DraftOpinion(models.Model):
    """An opinion is recorded once and never changed: it is created, not modified."""

    draft = models.ForeignKey(DraftDecision, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField(_("kind"), max_length=20, choices=OpinionKind.choices)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    favourable = models.BooleanField(_("favourable"))
    # A committee's own vote on its opinion.
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    given_on = models.DateField(_("given on"))
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        triggers = [door()]
        verbose_name = _("opinion on a draft")
        verbose_name_plural = _("opinions on drafts")
        ordering = ["draft", "kind", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "kind", "committee"],
                name="opinion_once",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(kind="committee", committee__isnull=False)
                | (~Q(kind="committee") & Q(committee__isnull=True)),
                name="opinion_committee_only_for_committees",
            ),
        ]

    def __str__(self) -> str:
        who = self.committee.name if self.committee else self.get_kind_display()
        return f"{who}: {'favourable' if self.favourable else 'unfavourable'}"


@explained
def has_agenda(sitting: Sitting) -> list[str]:
    if not sitting.entries.exists():
        return [_("The agenda is empty.")]
    return []


@explained
def within_notice(sitting: Sitting) -> list[str]:
    """Convened at least as many days before the sitting as its kind requires (art. 134)."""
    day = acting_day(sitting)
    latest = deadlines.latest_convocation(
        sitting.kind, timezone.localtime(sitting.starts_at).date()
    )
    if day > latest:
        return [
            _("Too late: a sitting of this kind is convened by %(date)s (%(days)s days' notice).")
            % {
                "date": latest.strftime("%d.%m.%Y"),
                "days": settings.COUNCIL_RULES["NOTICE_DAYS"][sitting.kind],
            }
        ]
    return []


@explained
def every_entry_decided(sitting: Sitting) -> list[str]:
    problems = []
    if timezone.localtime(sitting.starts_at) > timezone.localtime(
        getattr(sitting, "acting_at", None) or clock.now()
    ):
        problems.append(_("The sitting has not started yet."))
    for entry in sitting.entries.filter(outcome=""):
        problems.append(
            _("Agenda entry %(position)s has no outcome yet.") % {"position": entry.position}
        )
    return problems


class ConvenedAtRequestOf(models.TextChoices):
    """Art. 133(2): an extraordinary sitting may be asked for by a third of the councillors or by
    the prefect; empty: on the mayor's own initiative."""

    COUNCILLORS = "councillors", _("a third of the councillors")
    PREFECT = "prefect", _("the prefect")


class SittingQuerySet(models.QuerySet):
    def public(self) -> SittingQuerySet:
        """Sittings are public from their convocation on (a cancelled one too, if it had been
        convened)."""
        return self.filter(convened_on__isnull=False)


class Sitting(ConcurrentTransitionMixin, models.Model):
    """A sitting (ședință) of the council, with its agenda (ordinea de zi)."""

    diagram_title = "Council sitting"

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    chair = models.ForeignKey(
        Councillor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    convened_on = models.DateField(_("convened on"), null=True, blank=True)
    # Who convened it (art. 133-134): always the mayor's disposition, on the mayor's own
    # initiative or at the request of a third of the councillors or of the prefect; and when
    # the convocation reached the councillors (the notice runs from then).
    disposition = models.CharField(
        _("convening disposition (number/date)"), max_length=100, blank=True
    )
    requested_by = models.CharField(
        _("convened at the request of"),
        max_length=12,
        choices=ConvenedAtRequestOf.choices,
        blank=True,
    )
    convocation_delivered_on = models.DateField(
        _("convocation delivered to the councillors on"), null=True, blank=True
    )
    minutes_published_on = models.DateField(_("minutes published on"), null=True, blank=True)
    # The moment it became public (its convocation was recorded): an incremental client learns
    # of the sitting, and of its place, from then.
    published_at = models.DateTimeField(_("public since"), null=True, blank=True, editable=False)
    # The agenda is approved by the council at the start of the sitting, with the majority of
    # the councillors present (art. 135); the vote, once recorded.
    agenda_votes_for = models.PositiveSmallIntegerField(_("agenda: for"), null=True, blank=True)
    agenda_votes_against = models.PositiveSmallIntegerField(
        _("agenda: against"), null=True, blank=True
    )
    agenda_abstentions = models.PositiveSmallIntegerField(
        _("agenda: abstentions"), null=True, blank=True
    )
    agenda_present = models.PositiveSmallIntegerField(_("agenda: present"), null=True, blank=True)
    agenda_voted_at = models.DateTimeField(_("agenda voted at"), null=True, blank=True)
    status = FSMField(
        _("status"),
        max_length=18,
        choices=SittingStatus.choices,
        default=SittingStatus.PLANNED,
        protected=True,
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = SittingQuerySet.as_manager()

    class Meta:
        triggers = [door()]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="sitting_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=SittingStatus.values), name="sitting_status_valid"
            ),
        ]

    def __str__(self) -> str:
        text = _("%(kind)s sitting of %(date)s") % {
            "kind": self.get_kind_display(),
            "date": timezone.localtime(self.starts_at).strftime("%d.%m.%Y %H:%M"),
        }
        return text[:1].upper() + text[1:]

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if self.is_public:
            # Convened, its agenda is public: the items on it now name this sitting.
            ProgramItem.objects.filter(drafts__agenda_entries__sitting=self).update(
                updated_at=clock.now()
            )

    def get_absolute_url(self) -> str:
        return reverse("sitting", args=[self.pk])

    @property
    def agenda_approved(self) -> bool | None:
        """Whether the council approved the agenda at the start of the sitting, with the
        majority of the councillors present; None until that vote is recorded."""
        if self.agenda_voted_at is None:
            return None
        return self.agenda_votes_for > self.agenda_present // 2

    @property
    def is_public(self) -> bool:
        """Public from its convocation on, also if it is cancelled afterwards."""
        return self.convened_on is not None

    @transition(
        field=status,
        source=SittingStatus.PLANNED,
        target=SittingStatus.CONVENED,
        conditions=[has_agenda, within_notice],
        permission=secretariat,
        custom={"label": _("Convene (the agenda becomes public)")},
    )
    def convene(
        self,
        *,
        at: dt.datetime,
        disposition: str = "",
        requested_by: str = "",
        delivered_on: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.convened_on = timezone.localtime(at).date()
        self.published_at = clock.now()
        self.disposition = (disposition or "").strip()[:100]
        if requested_by and requested_by not in ConvenedAtRequestOf.values:
            raise Invalid(_("A sitting is asked for by a third of the councillors or the prefect."))
        if requested_by and self.kind == Kind.ORDINARY:
            raise Invalid(
                _("An ordinary sitting is convened by the mayor; a request makes it extraordinary.")
            )
        self.requested_by = requested_by or ""
        if delivered_on is not None:
            if delivered_on < self.convened_on:
                raise Invalid(
                    _("The convocation cannot reach the councillors before it is issued.")
                )
            # The notice runs from when the councillors receive the convocation.
            latest = deadlines.latest_convocation(
                self.kind, timezone.localtime(self.starts_at).date()
            )
            if delivered_on > latest:
                raise Invalid(
                    _("Too late: delivered on %(delivered)s, the councillors must receive the "
                      "convocation by %(latest)s.")
                    % {"delivered": f"{delivered_on:%d.%m.%Y}", "latest": f"{latest:%d.%m.%Y}"}
                )  # fmt: skip
        self.convocation_delivered_on = delivered_on

    def after_convene(self, **kwargs: Any) -> None:
        """The agenda is public now: whoever follows convocations is told (its PDF is rendered
        once this commits)."""
        from council.signals import sitting_convened

        # Its agenda entries, the drafts on it and its documents are public from now on: for
        # an incremental client (OParl `modified_since`) they changed now.
        now = clock.now()
        self.entries.update(updated_at=now)
        DraftDecision.objects.filter(agenda_entries__sitting=self).update(updated_at=now)
        self.documents.exclude(kind=DocumentKind.MINUTES).update(updated_at=now)
        sitting_convened.send(sender=Sitting, sitting=self)

    @transition(
        field=status,
        source=SittingStatus.CONVENED,
        target=SittingStatus.HELD,
        conditions=[every_entry_decided],
        permission=secretariat,
        custom={"label": _("Close the sitting")},
    )
    def close(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=SittingStatus.HELD,
        target=SittingStatus.MINUTES_PUBLISHED,
        permission=secretariat,
        custom={"label": _("Publish the minutes")},
    )
    def publish_minutes(self, *, at: dt.datetime, **kwargs: Any) -> None:
        self.minutes_published_on = timezone.localtime(at).date()

    def after_publish_minutes(self, **kwargs: Any) -> None:
        """The minutes are public from now on."""
        self.documents.filter(kind=DocumentKind.MINUTES).update(updated_at=clock.now())

    @transition(
        field=status,
        source=[SittingStatus.PLANNED, SittingStatus.CONVENED],
        target=SittingStatus.CANCELLED,
        permission=secretariat,
        custom={"label": _("Cancel the sitting"), "comment_required": True},
    )
    def cancel(self, **kwargs: Any) -> None:
        pass

    def after_cancel(self, *, user: Any, at: dt.datetime, **kwargs: Any) -> None:
        """The drafts on its agenda are postponed: each can go on a later sitting's agenda."""
        from workflows.services import transition_fire

        for entry in self.entries.filter(outcome="").select_related("draft"):
            entry.outcome = Outcome.POSTPONED
            entry.save(update_fields=["outcome"])
            transition_fire(
                model=DraftDecision, pk=entry.draft_id, name="postpone", user=user, at=at,
                entry=entry, comment=_("The sitting was cancelled."),
            )  # fmt: skip


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    NOTED = "noted", _("taken note of")


class Ballot(models.TextChoices):
    OPEN = "open", _("open vote")
    # Decisions about persons (art. 139(6)): only the totals are recorded.
    SECRET = "secret", _("secret ballot")


class AgendaEntry(Stamped):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveSmallIntegerField(_("position"))
    draft = models.ForeignKey(
        DraftDecision, on_delete=models.PROTECT, related_name="agenda_entries"
    )
    majority = models.CharField(_("required majority"), max_length=10, choices=Majority.choices)
    present = models.PositiveSmallIntegerField(_("present"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    ballot = models.CharField(
        _("ballot"), max_length=6, choices=Ballot.choices, default=Ballot.OPEN
    )
    # Present councillors who declared a personal interest and did not vote (art. 228).
    not_voting = models.PositiveSmallIntegerField(_("not voting (conflict of interest)"), default=0)
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)
    # An urgent matter added to the agenda of a convened sitting (art. 135(7)): why it cannot
    # wait for the next sitting. Public; empty for the agenda the sitting was convened with.
    supplement_reason = models.TextField(_("reason for the urgent supplement"), blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        ordering = ["sitting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "position"], name="agenda_position_unique"),
            models.UniqueConstraint(fields=["sitting", "draft"], name="agenda_draft_once"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="agenda_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(
                    present__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("abstentions")
                ),
                name="agenda_votes_within_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.draft.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The sitting's agenda and the draft's file show the entry: they changed with it.
        Sitting.objects.filter(pk=self.sitting_id).update(updated_at=clock.now())
        DraftDecision.objects.filter(pk=self.draft_id).update(updated_at=clock.now())

    @property
    def title(self) -> str:
        return self.draft.title


class Attendance(models.Model):
    """Whether a councillor in office attended a sitting, and when they arrived or left if that
    changed during the sitting."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="attendance")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(_("present"))
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["sitting", "councillor__name"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "councillor"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(present=True) | Q(arrived_at__isnull=True, left_at__isnull=True),
                name="attendance_times_only_when_present",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True)
                | Q(left_at__isnull=True)
                | Q(left_at__gt=models.F("arrived_at")),
                name="attendance_leaves_after_arriving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.name}: {'present' if self.present else 'absent'}"

    def present_at(self, moment: dt.datetime) -> bool:
        """In the room at that moment: present, arrived by then and not yet left."""
        return (
            self.present
            and (self.arrived_at is None or self.arrived_at <= moment)
            and (self.left_at is None or moment < self.left_at)
        )


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTENTION = "abstention", _("abstention")
    ABSENT = "absent", _("absent")
    NOT_VOTING = "not_voting", _("not voting (conflict of interest)")


class RollCallVote(models.Model):
    """How one councillor voted on one agenda entry, in an open vote."""

    entry = models.ForeignKey(AgendaEntry, on_delete=models.PROTECT, related_name="roll_call")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="votes_cast")
    vote = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        triggers = [door()]
        verbose_name = _("roll-call vote")
        verbose_name_plural = _("roll-call votes")
        ordering = ["entry", "councillor__name"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "councillor"], name="roll_call_once"),
            models.CheckConstraint(
                condition=Q(vote__in=VoteChoice.values), name="roll_call_vote_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.name}: {self.vote}"


class DecisionStatus(models.TextChoices):
    """A decision's life after adoption (Codul administrativ, art. 197-200, 255; Legea 554/2004)."""

    ADOPTED = "adopted", _("adopted")
    IN_FORCE = "in_force", _("in force")
    # The prefect's action in court suspends the decision by law until judgment (art. 255(2)).
    CONTESTED = "contested", _("contested in court")
    SUSPENDED = "suspended", _("suspended")
    ANNULLED = "annulled", _("annulled")
    REPEALED = "repealed", _("repealed")


@explained
def made_known(decision: Decision) -> list[str]:
    if not (decision.published_on or decision.notified_on):
        return [_("Record its publication in the Monitorul Oficial Local or its notification.")]
    return []


@explained
def reexamination_pending(decision: Decision) -> list[str]:
    if not decision.reexamination_open:
        return [_("No request for re-examination is waiting for an answer.")]
    return []


@explained
def no_reexamination_pending(decision: Decision) -> list[str]:
    if decision.reexamination_open:
        return [_("A request for re-examination is already waiting for the council's answer.")]
    return []


@explained
def ruling_uploaded(decision: Decision) -> list[str]:
    if not decision.documents.filter(kind=DocumentKind.OTHER).exists():
        return [
            _("Upload the court's ruling to the decision's documents (kind: other document) first.")
        ]
    return []


@explained
def repealing_decision_linked(decision: Decision) -> list[str]:
    if not decision.repealed_by.exists():
        return [_("A decision is repealed by a later decision: record that decision's link.")]
    return []


LIVE = [DecisionStatus.ADOPTED, DecisionStatus.IN_FORCE]


class Decision(ConcurrentTransitionMixin, models.Model):
    """A council decision (hotărâre, HCL), numbered per year with no gaps."""

    diagram_title = "Council decision (after adoption)"

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    adopted_on = models.DateField(_("adopted on"))
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="decisions")
    draft = models.OneToOneField(DraftDecision, on_delete=models.PROTECT, related_name="decision")
    item = models.ForeignKey(
        "program.ProgramItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    votes_for = models.PositiveSmallIntegerField(_("for"))
    votes_against = models.PositiveSmallIntegerField(_("against"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"))
    signed_on = models.DateField(_("signed by the chair on"), null=True, blank=True)
    countersigned_on = models.DateField(_("countersigned on"), null=True, blank=True)
    # The secretar general may refuse to countersign, in writing (art. 140).
    secretary_objection = models.TextField(
        _("written objection of the secretar general"), blank=True
    )
    communicated_on = models.DateField(
        _("communicated to the prefect and the mayor on"), null=True, blank=True
    )
    published_on = models.DateField(
        _("published in the Monitorul Oficial Local on"), null=True, blank=True
    )
    notified_on = models.DateField(_("notified to its addressee on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    status = FSMField(
        _("status"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.ADOPTED,
        protected=True,
    )
    # Later decisions that change or repeal earlier ones; the earlier ones see them back.
    amends = models.ManyToManyField(
        "self", symmetrical=False, related_name="amended_by", blank=True, verbose_name=_("amends")
    )
    repeals = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="repealed_by",
        blank=True,
        verbose_name=_("repeals"),
    )
    # Whether the prefect's request for re-examination waits for the council's answer.
    reexamination_open = models.BooleanField(_("re-examination requested"), default=False)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("decision (HCL)")
        verbose_name_plural = _("decisions (HCL)")
        ordering = ["year", "number"]
        # The latest decisions first: the register, the feeds, the home page, the MOL (and there
        # the few the secretary objected to, which a partial index finds without a scan).
        indexes = [
            models.Index(fields=["-adopted_on", "-number"], name="decision_latest"),
            models.Index(
                fields=["-adopted_on", "-number"],
                condition=~Q(secretary_objection=""),
                name="decision_objected_latest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="decision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"HCLS1 nr. {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("decision", args=[self.year, self.number])

    @transition(
        field=status,
        source=DecisionStatus.ADOPTED,
        target=DecisionStatus.IN_FORCE,
        conditions=[made_known],
        permission=secretariat,
        custom={"label": _("In force (published or notified)")},
    )
    def enter_into_force(self, **kwargs: Any) -> None:
        self.in_force_on = self.in_force_on or min(
            day for day in (self.published_on, self.notified_on) if day
        )

    @transition(
        field=status,
        source=LIVE,
        target=None,
        conditions=[no_reexamination_pending],
        permission=secretariat,
        custom={
            "label": _("The prefect asks for its re-examination"),
            "comment_required": True,
        },
    )
    def request_reexamination(self, **kwargs: Any) -> None:
        self.reexamination_open = True

    @transition(
        field=status,
        source=LIVE,
        target=None,
        conditions=[reexamination_pending],
        permission=secretariat,
        custom={"label": _("The council answers the re-examination"), "comment_required": True},
    )
    def answer_reexamination(self, **kwargs: Any) -> None:
        self.reexamination_open = False

    @transition(
        field=status,
        source=LIVE,
        target=DecisionStatus.CONTESTED,
        permission=secretariat,
        custom={
            "label": _("Contested in court by the prefect (suspended by law)"),
            "comment_required": True,
        },
    )
    def contest(self, **kwargs: Any) -> None:
        self.reexamination_open = False

    @transition(
        field=status,
        source=DecisionStatus.IN_FORCE,
        target=DecisionStatus.SUSPENDED,
        permission=secretariat,
        custom={"label": _("Suspended by the court"), "comment_required": True},
    )
    def suspend(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[DecisionStatus.CONTESTED, DecisionStatus.SUSPENDED],
        target=DecisionStatus.IN_FORCE,
        conditions=[made_known],
        permission=secretariat,
        custom={
            "label": _("In force again (the court rejected the action or lifted the suspension)"),
            "comment_required": True,
        },
    )
    def reinstate(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[DecisionStatus.CONTESTED, DecisionStatus.SUSPENDED, DecisionStatus.IN_FORCE],
        target=DecisionStatus.ANNULLED,
        conditions=[ruling_uploaded],
        permission=secretariat,
        custom={"label": _("Annulled by a final court ruling"), "comment_required": True},
    )
    def annul(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[*LIVE, DecisionStatus.CONTESTED, DecisionStatus.SUSPENDED],
        target=DecisionStatus.REPEALED,
        conditions=[repealing_decision_linked],
        permission=secretariat,
        custom={"label": _("Repealed by a later decision"), "comment_required": True},
    )
    def repeal(self, **kwargs: Any) -> None:
        pass

    @property
    def reference(self) -> str:
        return dated_reference(self.number, self.adopted_on)

    @property
    def is_normative(self) -> bool:
        return self.draft.legal_character == "normative"

    @property
    def communication_due(self) -> dt.date:
        return deadlines.communication_due(self.adopted_on)

    @property
    def publication_due(self) -> dt.date | None:
        if not self.is_normative or not self.communicated_on:
            return None
        return deadlines.publication_due(self.communicated_on)


class DocumentKind(models.TextChoices):
    """The kinds of document the law names on a council's record (CONTRACT.md)."""

    DRAFT_TEXT = "draft_text", _("draft decision (proiect de hotărâre)")
    STATEMENT = "statement", _("initiator's statement (referat de aprobare)")
    REPORT = "report", _("specialist report (raport de specialitate)")
    COMMITTEE_OPINION = "committee_opinion", _("committee opinion (aviz)")
    LEGALITY_OPINION = "legality_opinion", _("legality opinion of the secretar general")
    ANNEX = "annex", _("annex")
    CONSULTATION_ANNOUNCEMENT = "consultation_announcement", _("consultation announcement")
    DECISION_TEXT = "decision_text", _("signed decision")
    CONVENING_DISPOSITION = "convening_disposition", _("convening disposition")
    CONVOCATION = "convocation", _("convocation")
    MINUTES = "minutes", _("minutes (proces-verbal)")
    PROGRAM = "program", _("approved program")
    OTHER = "other", _("other document")


# The kinds each record holds.
KINDS_OF = {
    "draft": [
        DocumentKind.DRAFT_TEXT,
        DocumentKind.STATEMENT,
        DocumentKind.REPORT,
        DocumentKind.COMMITTEE_OPINION,
        DocumentKind.LEGALITY_OPINION,
        DocumentKind.ANNEX,
        DocumentKind.CONSULTATION_ANNOUNCEMENT,
        DocumentKind.MINUTES,  # of the public debate on the draft
        DocumentKind.OTHER,
    ],
    "decision": [DocumentKind.DECISION_TEXT, DocumentKind.ANNEX, DocumentKind.OTHER],
    "sitting": [
        DocumentKind.CONVENING_DISPOSITION,
        DocumentKind.CONVOCATION,
        DocumentKind.MINUTES,
        DocumentKind.OTHER,
    ],
    "program": [DocumentKind.PROGRAM, DocumentKind.ANNEX, DocumentKind.OTHER],
}
RECORDS = tuple(KINDS_OF)


def document_storage():
    from django.core.files.storage import storages

    return storages["documents"]


def document_path(document: Document, filename: str) -> str:
    """Every upload gets a path of its own (its hash), so a file is never overwritten."""
    return f"{document.uploaded_at:%Y/%m}/{document.sha256}/{filename}"


class DocumentQuerySet(models.QuerySet):
    def public(self) -> DocumentQuerySet:
        """Documents the law makes public, from the moment their record is public: a draft's
        from its registration, a sitting's from its convocation (the minutes once published), a
        decision's once signed, a program's once approved and published. Never one marked
        internal, nor an original whose public version (personal data removed) replaces it."""
        return (
            self.filter(internal_reason="")
            .exclude(public_versions__isnull=False)
            .filter(
                Q(draft__isnull=False)
                | Q(decision__signed_on__isnull=False)
                | Q(sitting__convened_on__isnull=False) & ~Q(kind=DocumentKind.MINUTES)
                | Q(sitting__minutes_published_on__isnull=False, kind=DocumentKind.MINUTES)
                | Q(program__published_at__isnull=False)
            )
        )

    def current(self) -> DocumentQuerySet:
        """The latest version of each document."""
        return self.filter(superseded_by__isnull=True)


class Document(models.Model):
    """A file of the council's record: one version of one document, attached to a draft, a
    decision, a sitting or a program. Its bytes never change: a new upload is a new version
    (`previous` names the one it supersedes), and `sha256` is the hash of exactly what is served."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    draft = models.ForeignKey(
        DraftDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    program = models.ForeignKey(
        "program.AnnualProgram",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), storage=document_storage, upload_to=document_path, max_length=300
    )
    filename = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The checksum OParl names (File.sha512Checksum), of the same bytes.
    sha512 = models.CharField(_("SHA-512"), max_length=128, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("previous version"),
    )
    # A version with the personal data removed, which is public in the original's place (GDPR).
    public_version_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_versions",
        verbose_name=_("public version of"),
    )
    internal_reason = models.CharField(_("reason it is not public"), max_length=300, blank=True)
    # When a document that was public stopped being public (made internal, or replaced by a
    # version without personal data): incremental clients are told it is gone (OParl `deleted`).
    withdrawn_at = models.DateTimeField(_("withdrawn from publication at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ro")
    # The file's text, folded (lowercase, no diacritics), for search.
    search_text = models.TextField(_("text for search"), blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=clock.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        triggers = [door()]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]
        # The latest of a kind (the MOL's minutes) without reading every document.
        indexes = [models.Index(fields=["kind", "-uploaded_at"], name="document_kind_latest")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(draft__isnull=False, decision=None, sitting=None, program=None)
                    | Q(draft=None, decision__isnull=False, sitting=None, program=None)
                    | Q(draft=None, decision=None, sitting__isnull=False, program=None)
                    | Q(draft=None, decision=None, sitting=None, program__isnull=False)
                ),
                name="document_belongs_to_one_record",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document", args=[self.pk, self.filename])

    @property
    def record_kind(self) -> str:
        return next(name for name in RECORDS if getattr(self, f"{name}_id"))

    @property
    def record(self) -> Any:
        return getattr(self, self.record_kind)

    @property
    def file_type(self) -> str:
        """PDF, DOCX, …: what the file is (its extension comes from its content)."""
        return self.filename.rsplit(".", 1)[-1].upper()

    @property
    def is_internal(self) -> bool:
        return bool(self.internal_reason)

    @property
    def published_at(self) -> dt.datetime | None:
        """When the document became public (None while it is not): its upload, or its record's
        publication if that came later. Needs its record loaded; the caller knows it is public."""
        if self.internal_reason:
            return None
        moment = {
            "draft": lambda: None,
            "decision": lambda: self.decision.signed_on,
            "sitting": lambda: (
                self.sitting.minutes_published_on
                if self.kind == DocumentKind.MINUTES
                else self.sitting.convened_on
            ),
            "program": lambda: self.program.published_at,
        }[self.record_kind]()
        if moment is None:
            return self.uploaded_at
        if isinstance(moment, dt.datetime):
            return max(moment, self.uploaded_at)
        day_start = timezone.make_aware(dt.datetime.combine(moment, dt.time()))
        return max(day_start, self.uploaded_at)


# Public participation (Legea 52/2003) -----------------------------------------------------------


class Channel(models.TextChoices):
    ONLINE = "online", _("online form")
    PAPER = "paper", _("on paper")
    EMAIL = "email", _("by e-mail")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class Recommendation(models.Model):
    """A written recommendation on a normative draft in public consultation (Legea 52/2003,
    art. 7(4)): sent online (it counts once its e-mail address is confirmed, at the moment of
    the confirmation), or registered by the secretariat from paper or e-mail.

    The name and e-mail of a private person are never public; an organisation's name is. The
    text is public only with its answer, once the secretariat publishes both (art. 12)."""

    # The log keeps what was said and decided, not who a private person is.
    unrecorded_fields = ("name", "email", "token_hash")

    draft = models.ForeignKey(
        DraftDecision,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("draft decision"),
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    text = models.TextField(_("text"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    channel = models.CharField(
        _("received"), max_length=8, choices=Channel.choices, default=Channel.ONLINE
    )
    submitted_at = models.DateTimeField(_("sent at"), default=clock.now)
    # A hash of the confirmation link's token: the token itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    # When it counts: the confirmation of an online one, the registration of another.
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    answer_kind = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, blank=True
    )
    answer = models.TextField(_("written reason"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["draft", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="recommendation_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer_kind="") | Q(answer_kind__in=AnswerKind.values),
                name="recommendation_answer_valid",
            ),
            # Published only with its answer.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(answer_kind=""),
                name="recommendation_published_answered",
            ),
        ]
        indexes = [models.Index(fields=["email", "submitted_at"], name="recommendation_email_at")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_received(self) -> bool:
        return self.received_at is not None

    @property
    def author(self) -> str:
        """How the public names its author: the organisation, or "a person"."""
        return self.organisation or str(_("a private person"))


class DebateRequest(models.Model):
    """A request for a public debate on a normative draft, by an association or a public
    authority (Legea 52/2003, art. 7(9)): a requested debate is held before the draft goes for
    opinions. The e-mail is private; the organisation and the reason are public."""

    unrecorded_fields = ("email",)

    draft = models.ForeignKey(
        DraftDecision,
        on_delete=models.PROTECT,
        related_name="debate_requests",
        verbose_name=_("draft decision"),
    )
    organisation = models.CharField(_("organisation"), max_length=300)
    email = models.EmailField(_("e-mail"))
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)

    class Meta:
        triggers = [door()]
        verbose_name = _("debate request")
        verbose_name_plural = _("debate requests")
        ordering = ["draft", "requested_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.requested_at:%d.%m.%Y})"


class Topic(models.TextChoices):
    EVERYTHING = "all", _("everything the council publishes")
    DEPARTMENT = "department", _("a department")
    OBJECTIVE = "objective", _("a strategy objective")
    STRATEGY = "strategy", _("a strategy")
    KEYWORD = "keyword", _("a word in the title")


class Subscription(models.Model):
    """Someone who asked for e-mail alerts on a topic (double opt-in). The address is kept only
    while the subscription lives: unsubscribing deletes the row, and a subscription not
    confirmed within a week is deleted too."""

    unrecorded_fields = ("email",)

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    # A department's slug, an objective's code, a strategy's slug, or the keyword (folded).
    value = models.CharField(_("which"), max_length=100, blank=True)
    language = models.CharField(max_length=8, default="ro")
    created_at = models.DateTimeField(_("asked at"), default=clock.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The digest has covered what became public up to this moment.
    covered_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "topic", "value"], name="subscription_once"),
            models.CheckConstraint(
                condition=Q(topic__in=Topic.values), name="subscription_topic_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_topic_display()}: {self.value}" if self.value else self.get_topic_display()
        )


class CourtActions(models.Model):
    """The court actions brought against the council under Legea 52/2003 in a year (art.
    13(1)(g)): the secretariat records them, the rest of the annual report is computed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    count = models.PositiveSmallIntegerField(_("court actions under Legea 52/2003"), default=0)
    note = models.TextField(_("what they were about (public)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("court actions of a year")
        verbose_name_plural = _("court actions by year")

    def __str__(self) -> str:
        return f"{self.year}: {self.count}"
