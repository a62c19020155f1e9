"""The audit log: one row for every change of state of anything that has a workflow."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows import clock


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of the audit log."""


class TransitionLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("The audit log is append-only: rows cannot be changed.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("The audit log is append-only: rows cannot be deleted.")

    def for_object(self, obj: models.Model) -> "TransitionLogQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class TransitionLog(models.Model):
    """Who changed what from which state to which, when and why. Never updated, never deleted.

    On PostgreSQL a trigger refuses UPDATE and DELETE on the table as well (migration 0002).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=40, blank=True)
    target = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=clock.now)
    # Internal: shown to staff only.
    comment = models.TextField(_("comment"), blank=True)
    # The fields the change set, {"field": [before, after]} (before is null for a new record):
    # many-to-many links as sorted lists of ids. Internal: shown to staff only.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The hash chain (workflows/audit.py): each row's hash covers its content and the previous
    # row's hash, so a changed, removed or inserted row breaks every link after it.
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("audit log")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="log_subject_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.transition}: {self.source or '∅'} → {self.target}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The audit log is append-only: rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("The audit log is append-only: rows cannot be deleted.")


class Stamped(models.Model):
    """When a row was made and last changed, for incremental sync (OParl `created`/`modified`)
    and conditional requests. Every save moves `updated_at`, also one that names its fields."""

    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)


class PublicVersion(models.Model):
    """One row: a number that moves whenever what the public sees changes, in the change's own
    transaction. Whatever is cached for the public (pages, their ETags) is valid for one number:
    finding out whether a cached page is current is one read, not aggregates over the registers.
    It moves only for public changes (a draft item being written moves nothing), so that
    watching it tells nobody about unpublished work."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=clock.now)
    # What the public state looked like at the last move (workflows/version.py).
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("public version")
        verbose_name_plural = _("public version")

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
