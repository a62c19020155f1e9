"""The annual activity program of the local council (PAACL) and what it is made of."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from program import roles
from workflows import clock
from workflows.conditions import allowed_to, explained
from workflows.door import door
from workflows.models import Stamped


class Department(Stamped):
    """A unit of the mayor's staff (direcție, serviciu, compartiment)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("parent unit"),
    )
    # Where the department's notifications go when none of its users has an address.
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """A staff account's department: the one a `department` user acts for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} — {self.department or '-'}"


class Strategy(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    # A short prefix of every objective code in this strategy, e.g. "SC" for Smart City.
    code = models.CharField(_("code"), max_length=10, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="strategy_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class ObjectiveLevel(models.TextChoices):
    GENERAL = "general", _("general objective")
    SPECIFIC = "specific", _("specific objective")
    MEASURE = "measure", _("measure")


# The level a node's parent must have: general objectives are roots.
PARENT_LEVEL = {
    ObjectiveLevel.GENERAL: None,
    ObjectiveLevel.SPECIFIC: ObjectiveLevel.GENERAL,
    ObjectiveLevel.MEASURE: ObjectiveLevel.SPECIFIC,
}


class Objective(models.Model):
    """A node of a strategy's tree: general objective → specific objective → measure."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("strategy")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent objective"),
    )
    level = models.CharField(_("level"), max_length=10, choices=ObjectiveLevel.choices)
    # Stable public identifier, e.g. SC-OG2-OS2.1; never reused for another objective.
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["strategy__title", "position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=ObjectiveLevel.values), name="objective_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(level=ObjectiveLevel.GENERAL, parent__isnull=True)
                | (~Q(level=ObjectiveLevel.GENERAL) & Q(parent__isnull=False)),
                name="objective_only_general_is_root",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        expected = PARENT_LEVEL.get(self.level)
        if self.parent is None and expected is not None:
            raise ValidationError({"parent": _("A specific objective or measure needs a parent.")})
        if self.parent is not None:
            if expected is None or self.parent.level != expected:
                raise ValidationError(
                    {
                        "parent": _("The parent of a %(level)s must be a %(parent)s.")
                        % {
                            "level": self.get_level_display(),
                            "parent": ObjectiveLevel(expected).label if expected else "-",
                        }
                    }
                )
            if self.parent.strategy_id != self.strategy_id:
                raise ValidationError({"parent": _("The parent belongs to another strategy.")})

    @property
    def depth(self) -> int:
        return {"general": 0, "specific": 1, "measure": 2}[self.level]


class ProgramStatus(models.TextChoices):
    DRAFTING = "drafting", _("being drafted")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")


class AnnualProgram(models.Model):
    """Programul Anual de Activitate al Consiliului Local (PAACL) for one year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgramStatus.choices, default=ProgramStatus.DRAFTING
    )
    # The current version: 0 while drafted, 1 once approved, +1 for each approved amendment.
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    # The last reference number handed out for this year's items (PAACL-<year>-<nnn>).
    last_item_number = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("annual program")
        verbose_name_plural = _("annual programs")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            )
        ]

    def __str__(self) -> str:
        return _("Annual activity program %(year)s") % {"year": self.year}

    @property
    def is_over(self) -> bool:
        return self.is_over_on(clock.now())

    def is_over_on(self, moment: datetime) -> bool:
        return self.year < timezone.localtime(moment).year

    def open_version(self) -> ProgramVersion | None:
        """The version whose approving decision is recorded but which is not yet published."""
        return self.versions.filter(published_at__isnull=True).order_by("-number").first()


class ProgramVersion(models.Model):
    """One approval of the program: the initial program (version 1) or an amendment."""

    program = models.ForeignKey(
        AnnualProgram, on_delete=models.PROTECT, related_name="versions", verbose_name=_("program")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # The council decision (HCL) that approved this version: the decision record when the council
    # register holds it, and always its number and date (older decisions may predate the register).
    decision = models.ForeignKey(
        "council.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_versions",
        verbose_name=_("approving decision"),
    )
    decision_number = models.PositiveIntegerField(_("decision number"))
    decision_date = models.DateField(_("decision date"))
    approved_at = models.DateTimeField(_("recorded at"), default=clock.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_version_unique"),
            # One decision approves one program (or one amendment of it).
            models.UniqueConstraint(fields=["decision"], name="program_version_decision_once"),
        ]

    def __str__(self) -> str:
        return _("%(program)s, version %(number)s (HCL %(decision)s)") % {
            "program": self.program,
            "number": self.number,
            "decision": self.decision_reference,
        }

    @property
    def decision_reference(self) -> str:
        return f"{self.decision_number}/{self.decision_date:%d.%m.%Y}"

    @property
    def decided_before_the_register(self) -> bool:
        """Approved by a decision older than the council's register, cited by number and date."""
        return self.decision_id is None


# Month names as Romanian writes them mid-sentence ("decembrie 2026"; |capfirst in headings).
MONTHS = [
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
]  # fmt: skip


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    DEPARTMENTAL_INPUT = "departmental_input", _("departmental input")
    SECRETARIAT_REVIEW = "secretariat_review", _("secretariat review")
    SUBMITTED_TO_COUNCIL = "submitted_to_council", _("submitted to the council")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Taken out of a published program by an amendment the council approved.
    DROPPED = "dropped", _("dropped by an amendment")


class ItemKind(models.TextChoices):
    DRAFT_DECISION = "draft_decision", _("draft decision")
    REPORT = "report", _("report")
    INFORMATION = "information", _("information")


class InitiatorType(models.TextChoices):
    MAYOR = "mayor", _("mayor")
    COUNCILLOR = "councillor", _("councillor")
    CITIZENS = "citizens", _("citizens")


class LegalCharacter(models.TextChoices):
    NORMATIVE = "normative", _("normative")
    INDIVIDUAL = "individual", _("individual")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("simple majority")
    ABSOLUTE = "absolute", _("absolute majority")
    TWO_THIRDS = "two_thirds", _("two-thirds majority")


S = ItemStatus
BEFORE_APPROVAL = [S.DRAFT, S.DEPARTMENTAL_INPUT, S.SECRETARIAT_REVIEW, S.SUBMITTED_TO_COUNCIL]


# Conditions (named predicates that can explain themselves) -------------------------------------


@explained
def is_complete(item: ProgramItem) -> list[str]:
    """Title, planned month, responsible department and at least one objective are set."""
    problems = []
    if not (item.title or "").strip():
        problems.append(_("The title is missing."))
    if not item.planned_month:
        problems.append(_("The planned month is missing."))
    if not item.department_id:
        problems.append(_("The responsible department is missing."))
    if not item.pk or not item.objectives.exists():
        problems.append(_("Link the item to at least one strategy objective."))
    return problems


@explained
def has_all_inputs(item: ProgramItem) -> list[str]:
    """Every department asked for its input in this round has given it."""
    missing = (
        item.inputs.filter(round=item.submission_round, opinion="")
        .select_related("department")
        .order_by("department__name")
    )
    return [
        _("The input of %(department)s is missing.") % {"department": request.department.name}
        for request in missing
    ]


@explained
def program_not_over(item: ProgramItem) -> list[str]:
    """The item belongs to a program whose year is not over."""
    if item.program.is_over_on(getattr(item, "acting_at", None) or clock.now()):
        return [_("The program of %(year)s is over.") % {"year": item.program.year}]
    return []


@explained
def council_decision_recorded(item: ProgramItem) -> list[str]:
    """The council decision approving the program (or the amendment) is recorded."""
    if item.program.open_version() is None:
        return [
            _(
                "Record first the council decision approving the program or the amendment "
                "(approve the program)."
            )
        ]
    return []


@explained
def drop_approved(item: ProgramItem) -> list[str]:
    """The council approved an amendment that drops the item."""
    if not item.changes.filter(status=ChangeStatus.APPROVED, drop=True).exists():
        return [_("No approved amendment drops this item.")]
    return []


# Permissions (who may fire a transition) ------------------------------------------------------


@allowed_to(lambda item: item.department.name)
def acts_for_item_department(item: ProgramItem, user: Any) -> bool:
    """A `department` user of the item's responsible department."""
    department = roles.user_department(user)
    return department is not None and department.pk == item.department_id


@allowed_to(lambda item: _("the secretariat"))
def secretariat(item: ProgramItem, user: Any) -> bool:
    return roles.is_secretariat(user)


@allowed_to(
    lambda item: _("the secretariat or %(department)s") % {"department": item.department.name}
)
def secretariat_or_item_department(item: ProgramItem, user: Any) -> bool:
    return secretariat(item, user) or acts_for_item_department(item, user)


class Progress(models.TextChoices):
    """Where an item's draft decision stands (DOMAIN.md, "Execution")."""

    NOT_STARTED = "not_started", _("not started")
    REGISTERED = "registered", _("registered")
    IN_CONSULTATION = "in_consultation", _("in public consultation")
    IN_REVIEW = "in_review", _("in review")
    ON_AGENDA = "on_agenda", _("on the agenda")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    NOTED = "noted", _("taken note of")


# A sitting gave the item an outcome: it is no longer late, whatever the outcome.
OUTCOMES = {Progress.ADOPTED, Progress.REJECTED, Progress.WITHDRAWN, Progress.NOTED}


def is_overdue(status: str, progress: str, year: int, month: int, today: date) -> bool:
    """An item is overdue when it is published, its planned month is over, and no sitting has
    given it an outcome."""
    if status != ItemStatus.PUBLISHED or progress in OUTCOMES:
        return False
    return (year, month) < (today.year, today.month)


def planned_month_label(year: int, month: int) -> str:
    """A planned month for people: "decembrie 2026"."""
    return f"{MONTHS[month - 1]} {year}"


# What council.selectors.with_execution annotates on each item.
EXECUTION = ("draft_status", "sitting_id", "decision_id")


class ProgramItemQuerySet(models.QuerySet):
    def published(self) -> ProgramItemQuerySet:
        return self.filter(status=ItemStatus.PUBLISHED)


class ProgramItem(ConcurrentTransitionMixin, models.Model):
    """One planned draft decision, report or information in the annual program."""

    diagram_title = "Program item (planning)"

    program = models.ForeignKey(
        AnnualProgram, on_delete=models.PROTECT, related_name="items", verbose_name=_("program")
    )
    sequence = models.PositiveIntegerField(_("number in the year"), editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DRAFT_DECISION
    )
    initiator_type = models.CharField(
        _("initiator type"),
        max_length=12,
        choices=InitiatorType.choices,
        default=InitiatorType.MAYOR,
    )
    initiator = models.CharField(_("initiator"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("responsible department"),
    )
    consulted_departments = models.ManyToManyField(
        Department, related_name="consulted_on", blank=True, verbose_name=_("consulted departments")
    )
    committees = models.ManyToManyField(
        "council.Committee",
        related_name="program_items",
        blank=True,
        verbose_name=_("committees asked for an opinion"),
    )
    planned_month = models.PositiveSmallIntegerField(_("planned month"))
    # Normative acts need public consultation under Legea 52/2003; individual ones do not.
    legal_character = models.CharField(
        _("legal character"),
        max_length=10,
        choices=LegalCharacter.choices,
        default=LegalCharacter.NORMATIVE,
    )
    # The majority the council needs to adopt it (Codul administrativ, art. 139).
    majority = models.CharField(
        _("required majority"), max_length=10, choices=Majority.choices, default=Majority.SIMPLE
    )
    # Some matters need a mandate from the Bucharest General Council (CGMB) first.
    needs_cgmb_mandate = models.BooleanField(_("needs a CGMB mandate"), default=False)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    objectives = models.ManyToManyField(
        Objective, related_name="items", blank=True, verbose_name=_("strategy objectives")
    )
    # Internal: never shown on a public page, feed, PDF or API response.
    notes = models.TextField(_("internal notes"), blank=True)
    status = FSMField(
        _("status"),
        max_length=24,
        choices=ItemStatus.choices,
        default=ItemStatus.DRAFT,
        protected=True,
    )
    # Which submission for departmental input is current; returning to draft and submitting
    # again opens a new round of input requests.
    submission_round = models.PositiveSmallIntegerField(default=0, editable=False)
    # The program version (council decision) that approved this item.
    approved_in = models.ForeignKey(
        ProgramVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("approved in version"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ProgramItemQuerySet.as_manager()

    class Meta:
        triggers = [door()]
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        ordering = ["program__year", "sequence"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="item_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_month__gte=1, planned_month__lte=12),
                name="item_planned_month_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_valid"),
            models.CheckConstraint(
                condition=Q(legal_character__in=LegalCharacter.values),
                name="item_legal_character_valid",
            ),
            models.CheckConstraint(
                condition=Q(majority__in=Majority.values), name="item_majority_valid"
            ),
            models.UniqueConstraint(fields=["program", "sequence"], name="item_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "planned_month"], name="item_status_month"),
            # The latest publications first (the Atom feed, alerts).
            models.Index(
                fields=["-published_at"],
                condition=Q(status="published"),
                name="item_latest_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("staff:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.PUBLISHED

    # What the council did with the item. Lists annotate it (council.selectors.with_execution);
    # one item read on its own asks `read_execution`, which the council app plugs in when it
    # loads: planning does not import the execution, the execution attaches itself.
    read_execution: ClassVar[Callable[[QuerySet], QuerySet] | None] = None

    @property
    def progress(self) -> str:
        """Where the item's latest draft decision stands, as the public may know it;
        `not_started` until one is registered."""
        return self._execution("draft_status") or Progress.NOT_STARTED

    def get_progress_display(self) -> str:
        return str(Progress(self.progress).label)

    @property
    def sitting_pk(self) -> int | None:
        """The public sitting the item last went before."""
        return self._execution("sitting_id")

    @property
    def decision_pk(self) -> int | None:
        """The decision (HCL) adopted on the item."""
        return self._execution("decision_id")

    def _execution(self, name: str) -> Any:
        if name not in self.__dict__:
            reader = type(self).read_execution
            if reader is None:
                raise AttributeError(f"{name}: the council app, which reads it, is not loaded")
            row = (
                reader(type(self).objects.filter(pk=self.pk))
                .values("draft_status", "sitting_id", "decision_id")
                .first()
            )
            self.__dict__.update(row or dict.fromkeys(EXECUTION, None))
        return self.__dict__[name]

    @property
    def overdue(self) -> bool:
        return is_overdue(
            self.status, self.progress, self.program.year, self.planned_month, clock.today()
        )

    @property
    def planned_month_iso(self) -> str:
        return f"{self.program.year:04d}-{self.planned_month:02d}"

    @property
    def planned_month_label(self) -> str:
        return planned_month_label(self.program.year, self.planned_month)

    # Transitions: declared once, here. Fire them only through workflows.services.transition_fire,
    # which locks the row, checks permission and conditions, saves and writes the log.

    @transition(
        field=status,
        source=S.DRAFT,
        target=S.DEPARTMENTAL_INPUT,
        conditions=[is_complete],
        permission=acts_for_item_department,
        custom={"label": _("Submit for departmental input")},
    )
    def submit(self, **kwargs: Any) -> None:
        self.submission_round += 1

    def after_submit(self, *, at: datetime, **kwargs: Any) -> None:
        """Ask the responsible department and every consulted department for its input."""
        departments = {self.department_id, *self.consulted_departments.values_list("pk", flat=True)}
        DepartmentalInput.objects.bulk_create(
            DepartmentalInput(
                item=self, department_id=pk, round=self.submission_round, requested_at=at
            )
            for pk in sorted(departments)
        )

    @transition(
        field=status,
        source=S.DEPARTMENTAL_INPUT,
        target=S.SECRETARIAT_REVIEW,
        conditions=[has_all_inputs],
        permission=acts_for_item_department,
        custom={"label": _("Forward to the secretariat")},
    )
    def forward_to_secretariat(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=[S.DEPARTMENTAL_INPUT, S.SECRETARIAT_REVIEW],
        target=S.DRAFT,
        permission=secretariat_or_item_department,
        custom={"label": _("Return to draft"), "comment_required": True},
    )
    def return_to_draft(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=S.SECRETARIAT_REVIEW,
        target=S.SUBMITTED_TO_COUNCIL,
        conditions=[program_not_over],
        permission=secretariat,
        custom={"label": _("Put before the council")},
    )
    def submit_to_council(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=S.SUBMITTED_TO_COUNCIL,
        target=S.APPROVED,
        conditions=[council_decision_recorded],
        permission=secretariat,
        custom={"label": _("Record the council's approval")},
    )
    def approve(self, **kwargs: Any) -> None:
        self.approved_in = self.program.open_version()

    @transition(
        field=status,
        source=S.SUBMITTED_TO_COUNCIL,
        target=S.REJECTED,
        permission=secretariat,
        custom={"label": _("Record the council's rejection"), "comment_required": True},
    )
    def reject(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=BEFORE_APPROVAL,
        target=S.WITHDRAWN,
        permission=secretariat_or_item_department,
        custom={"label": _("Withdraw"), "comment_required": True},
    )
    def withdraw(self, **kwargs: Any) -> None:
        pass

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.PUBLISHED,
        permission=secretariat,
        custom={"label": _("Publish")},
    )
    def publish(self, *, at: datetime, **kwargs: Any) -> None:
        self.published_at = at

    @transition(
        field=status,
        source=S.PUBLISHED,
        target=S.DROPPED,
        conditions=[drop_approved],
        permission=secretariat,
        custom={"label": _("Drop from the program (approved amendment)")},
    )
    def drop(self, **kwargs: Any) -> None:
        pass


def _month_label(month: int | None) -> str:
    return str(MONTHS[month - 1]) if month else ""


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved by the council")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


# What an amendment may change on a published item, besides dropping it.
CHANGEABLE = ("title", "planned_month", "objectives")


class ItemChange(models.Model):
    """An amendment's change to a published item: it moves the item to another month, retitles
    it, links it to other objectives, or drops it from the program.

    Proposed by the secretariat, approved with the amendment's version (the council decision),
    applied when that version is published. `after` holds the new values of the fields it
    changes; `before` the values they replaced, written when it is applied. Objectives are held
    as their codes. The reason is part of the amendment put before the council: it is public
    once the version is published."""

    item = models.ForeignKey(
        ProgramItem, on_delete=models.PROTECT, related_name="changes", verbose_name=_("item")
    )
    version = models.ForeignKey(
        ProgramVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("approved in version"),
    )
    drop = models.BooleanField(_("drops the item"), default=False)
    after = models.JSONField(_("new values"), default=dict, blank=True)
    before = models.JSONField(_("previous values"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=clock.now)

    class Meta:
        triggers = [door()]
        verbose_name = _("change to an item")
        verbose_name_plural = _("changes to items")
        ordering = ["item__sequence", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values), name="item_change_status_valid"
            ),
            # One change at a time: what the council approves is what is applied.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=["proposed", "approved"]),
                name="item_change_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "withdrawn"]) | Q(version__isnull=False),
                name="item_change_approved_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference}: {self.describe()}"

    @property
    def kinds(self) -> list[str]:
        """What the change does: "dropped", or some of "moved", "retitled", "relinked"."""
        if self.drop:
            return ["dropped"]
        names = {"planned_month": "moved", "title": "retitled", "objectives": "relinked"}
        return [names[field] for field in CHANGEABLE if field in self.after]

    @property
    def month_before(self) -> str:
        return _month_label(self.before.get("planned_month"))

    @property
    def month_after(self) -> str:
        return _month_label(self.after.get("planned_month"))

    @property
    def objectives_added(self) -> list[str]:
        before = set(self.before.get("objectives", []))
        return sorted(set(self.after.get("objectives", [])) - before)

    @property
    def objectives_removed(self) -> list[str]:
        if "objectives" not in self.after:
            return []
        return sorted(set(self.before.get("objectives", [])) - set(self.after["objectives"]))

    def describe(self) -> str:
        labels = {
            "dropped": _("dropped"),
            "moved": _("moved"),
            "retitled": _("retitled"),
            "relinked": _("linked to other objectives"),
        }
        return ", ".join(str(labels[kind]) for kind in self.kinds)


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", _("favourable")
    FAVOURABLE_WITH_REMARKS = "favourable_with_remarks", _("favourable with remarks")
    UNFAVOURABLE = "unfavourable", _("unfavourable")


class DepartmentalInput(models.Model):
    """A department's input on an item: requested on submission, given once per round."""

    item = models.ForeignKey(
        ProgramItem, on_delete=models.CASCADE, related_name="inputs", verbose_name=_("item")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="inputs", verbose_name=_("department")
    )
    round = models.PositiveSmallIntegerField(_("round"))
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    # Empty until the department answers.
    opinion = models.CharField(_("opinion"), max_length=24, choices=Opinion.choices, blank=True)
    # Internal to the file: never public unless published as part of it.
    text = models.TextField(_("text"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given at"), null=True, blank=True)

    class Meta:
        triggers = [door()]
        verbose_name = _("departmental input")
        verbose_name_plural = _("departmental inputs")
        ordering = ["item", "round", "department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "department", "round"], name="input_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(opinion="") | Q(opinion__in=Opinion.values), name="input_opinion_valid"
            ),
            models.CheckConstraint(
                condition=Q(opinion="", given_at__isnull=True)
                | (~Q(opinion="") & Q(given_at__isnull=False)),
                name="input_given_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference} — {self.department}"

    @property
    def is_given(self) -> bool:
        return bool(self.opinion)


class PdfDocument(models.Model):
    """A rendered publication PDF on disk: which content version it shows, and its hashes."""

    # "program-2026", "agenda-27": one stored file each, replaced when its content changes.
    key = models.CharField(max_length=40, unique=True)
    # A fingerprint of the content it was rendered from; a different one means stale.
    source_version = models.CharField(max_length=64, blank=True)
    filename = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64, blank=True)
    # The SHA-256 of the data embedded in the PDF (the same JSON as the API).
    data_sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publication PDF")
        verbose_name_plural = _("publication PDFs")

    def __str__(self) -> str:
        return self.filename or self.key
