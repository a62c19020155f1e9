"""The public calendar's filters (shared by the calendar, the feeds and the program) and its
month grid."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from council.models import AgendaEntry, Sitting
from council.web.http import public_memos
from program.models import (
    Department,
    Objective,
    ProgramItem,
    Strategy,
)
from workflows import clock


class QuickSelect(forms.Select):
    """Django's select, its options written here in one pass: Django renders every option
    through a template, which took a third of a calendar page's render for a hundred objectives.
    The same markup; the value asked for is selected, or the empty choice."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = format_html_join(
            "\n",
            '  <option value="{}"{}>{}</option>',
            (
                (str(option), " selected" if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attributes, options)


class PublicFilterForm(forms.Form):
    """The calendar's filters (also the feeds'): they combine and stay in the URL."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All departments"),
        widget=QuickSelect,
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy"),
        queryset=Strategy.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All strategies"),
        widget=QuickSelect,
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        required=False,
        widget=forms.HiddenInput,
    )
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All objectives"),
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options as plain values, made once per public version (the fields' querysets
        # still validate what is asked for).
        for name, options in public_memos.get(("filter-options",), filter_options).items():
            field = self.fields[name]
            field.widget.choices = [("", field.empty_label), *options]

    def years(self) -> range:
        """The program years a feed covers: the one asked for, or last, this and next year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("year"):
            return range(data["year"], data["year"] + 1)
        this = clock.today().year
        return range(this - 1, this + 2)

    @property
    def active(self) -> dict[str, str]:
        """The filters in force, as URL parameters."""
        if not self.is_bound or not self.is_valid():
            return {}
        values = {
            "year": self.cleaned_data.get("year"),
            "department": getattr(self.cleaned_data.get("department"), "slug", None),
            "strategy": getattr(self.cleaned_data.get("strategy"), "slug", None),
            "objective": getattr(self.cleaned_data.get("objective"), "code", None),
        }
        return {k: v for k, v in values.items() if v}

    def apply(self, items: QuerySet[ProgramItem]) -> QuerySet[ProgramItem]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if department := data.get("department"):
            items = items.filter(department=department)
        links = ProgramItem.objectives.through.objects.filter(programitem=OuterRef("pk"))
        if strategy := data.get("strategy"):
            items = items.filter(Exists(links.filter(objective__strategy=strategy)))
        if objective := data.get("objective"):
            under = Q(objective__code=objective.code) | Q(
                objective__code__startswith=f"{objective.code}-"
            )
            items = items.filter(Exists(links.filter(under)))
        return items


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """The options of PublicFilterForm's selects: (value, label) in their fields' order."""
    objectives = Objective.objects.order_by("code").values_list("code", "title")
    return {
        "department": list(Department.objects.order_by("name").values_list("slug", "name")),
        "strategy": list(Strategy.objects.order_by("title").values_list("slug", "title")),
        "objective": [(code, f"{code} — {title}") for code, title in objectives],
    }


def filtered_sittings(form: PublicFilterForm, sittings: QuerySet[Sitting]) -> QuerySet[Sitting]:
    """With a filter in force, only the sittings that discuss a matching item."""
    if not form.active:
        return sittings
    matching = form.apply(ProgramItem.objects.published())
    entries = AgendaEntry.objects.filter(sitting=OuterRef("pk"), draft__item__in=matching)
    return sittings.filter(Exists(entries))


@dataclass
class Day:
    date: dt.date
    in_month: bool
    sittings: list


def month_weeks(year: int, month: int, sittings: list[Sitting]) -> list[list[Day]]:
    """The weeks of a month, Monday first, each day with its sittings."""
    by_day: dict[dt.date, list] = {}
    for sitting in sittings:
        by_day.setdefault(timezone.localtime(sitting.starts_at).date(), []).append(sitting)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]
