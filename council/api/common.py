"""What every public list of the API shares: strict query parameters, stable pages, the whole
filtered list as CSV, and conditional requests (CONTRACT.md, "REST API").

Django-filter ignores parameters it does not know, so a typo (`?yaer=2025`) would silently return
everything: here it is a 400 that names the parameter, like any invalid value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.db.models import Count, Max, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer
from rest_framework.response import Response

from council.api.renderers import ORJSONRenderer
from council.web.http import etag_of, not_modified, with_validators
from program import roles
from workflows import clock
from workflows.text import spreadsheet_safe

STANDARD_PARAMS = {"page", "page_size", "format"}


class CSVRenderer(BaseRenderer):
    """Lists stream their own CSV; this renders what is left (errors) as a one-column table."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if isinstance(data, dict):
            writer.writerow(list(data))
            writer.writerow([flatten_value(v) for v in data.values()])
        return buffer.getvalue().encode("utf-8")


class IntegerFilter(filters.NumberFilter):
    """A whole number (django-filter's NumberFilter would take 2025.5)."""

    field_class = forms.IntegerField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(IntegerFilter):
    """A record's id: a positive whole number the database can hold."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1990, "maximum": 2100})
class YearFilter(IntegerFilter):
    def __init__(self, **kwargs):
        super().__init__(min_value=1990, max_value=2100, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 12})
class MonthFilter(IntegerFilter):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=12, **kwargs)


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """Comma-separated values, each one checked against the choices."""


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=name` or `-name`, each public name mapped to database fields; the primary key
    always ends the ordering, so pages never repeat or skip rows."""

    def __init__(self, *, mapping: dict[str, tuple[str, ...]], **kwargs: Any):
        self.mapping = mapping
        super().__init__(fields=tuple((name, name) for name in mapping), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        order: list[str] = []
        for name in value:
            descending = name.startswith("-")
            for field in self.mapping[name.lstrip("-")]:
                order.append(f"-{field}" if descending else field)
        order.append("-pk" if value[-1].startswith("-") else "pk")
        return qs.order_by(*order)


class StrictFilterBackend(filters.DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        allowed = set(STANDARD_PARAMS)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _("Unknown parameter. Known parameters: %(known)s.")
                        % {"known": ", ".join(sorted(allowed))}
                    ]
                    for name in unknown
                }
            )
        empty = sorted(
            name
            for name, values in request.query_params.lists()
            if name != "format" and any(value == "" for value in values)
        )
        if empty:
            raise ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in empty}
            )
        return super().filter_queryset(request, queryset, view)


def flatten_value(value: Any) -> str:
    """A nested value as one readable spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        for key in ("code", "slug", "reference", "number", "title", "name", "id"):
            if key in value:
                return str(value[key])
        return "; ".join(f"{k}={flatten_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(flatten_value(v) for v in value)
    return str(value)


def flatten_row(row: dict) -> dict[str, str]:
    """One level of nesting becomes columns (`votes.for`); deeper values become one cell."""
    flat: dict[str, str] = {}
    for key, value in row.items():
        if isinstance(value, dict) and not any(
            k in value for k in ("code", "slug", "reference", "number", "title", "name", "id")
        ):
            for sub, sub_value in value.items():
                flat[f"{key}.{sub}"] = flatten_value(sub_value)
        else:
            flat[key] = flatten_value(value)
    return flat


def caller_etag(request, parts: tuple[Any, ...]) -> str:
    """The ETag of a response made of `parts` (counts, last change times), as seen by this
    caller (role, department, language, format, parameters)."""
    return etag_of(
        parts,
        sorted(request.query_params.lists()),
        sorted(roles.user_roles(request.user)),
        getattr(roles.user_department(request.user), "pk", None),
        translation.get_language(),
        getattr(getattr(request, "accepted_renderer", None), "format", None),
    )


def last_change(parts: tuple[Any, ...]):
    return max((p for p in parts if hasattr(p, "tzinfo") and p is not None), default=None)


def conditional(request, parts: tuple[Any, ...], build) -> Response:
    """A detail response with its validators, or 304 when the client's copy is current."""
    etag, last_modified = caller_etag(request, parts), last_change(parts)
    early = not_modified(request, etag=etag, last_modified=last_modified)
    if early is not None:
        return early
    return with_validators(build(), etag=etag, last_modified=last_modified)


class PublicDetailView(generics.RetrieveAPIView):
    """A public detail with ETag and Last-Modified from the object's last change."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return conditional(
            request,
            (obj.pk, getattr(obj, "updated_at", None)),
            lambda: Response(self.get_serializer(obj).data),
        )


class CountedQuerySet:
    """A queryset whose size is already known: the paginator does not count it again."""

    def __init__(self, queryset: QuerySet, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered


class _Echo:
    def write(self, value: str) -> str:
        return value


class PublicListView(generics.ListAPIView):
    """A public list: strict filters, pages, `?format=csv`, ETag and Last-Modified."""

    filter_backends = [StrictFilterBackend]
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    csv_chunk_size = 500
    csv_name = "export"

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON, also when a CSV or the browsable page was asked for (as documented).
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and renderer is not None and renderer.format != "json":
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get("format")
        if not force and requested is not None and requested not in ("json", "csv", "api"):
            raise ValidationError({"format": [_("Use json or csv.")]})
        return super().perform_content_negotiation(request, force)

    _count: int | None = None

    # Conditional requests: a cheap aggregate of the filtered rows, no serialization. The count
    # serves the pagination too.
    def version_parts(self, queryset: QuerySet) -> tuple[Any, ...]:
        summary = queryset.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
        self._count = summary["count"]
        return summary["count"], summary["last"]

    def list(self, request, *args, **kwargs):
        if self.paginator is not None and hasattr(self.paginator, "check_parameters"):
            self.paginator.check_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        parts = self.version_parts(queryset)
        etag, last_modified = caller_etag(request, parts), last_change(parts)
        early = not_modified(request, etag=etag, last_modified=last_modified)
        if early is not None:
            return early
        if request.accepted_renderer.format != "json":
            response = self.csv_response(queryset)
        else:
            fast = self.fast_rows(queryset)
            source = fast if fast is not None else queryset
            if self._count is not None:
                source = CountedQuerySet(source, self._count)
            page = self.paginate_queryset(source)
            rows = source if page is None else page
            data = (
                self.serialize_rows(rows)
                if fast is not None
                else self.get_serializer(rows, many=True).data
            )
            response = Response(data) if page is None else self.get_paginated_response(data)
        return with_validators(response, etag=etag, last_modified=last_modified)

    def fast_rows(self, queryset: QuerySet) -> QuerySet | None:
        """A values() queryset for a list that has a fast serializer (None: use the serializer)."""
        return None

    def serialize_rows(self, rows) -> list[dict]:
        raise NotImplementedError

    def csv_rows(self, queryset: QuerySet) -> Iterator[dict[str, str]]:
        fast = self.fast_rows(queryset)
        if fast is not None:
            chunk = []
            for row in fast.iterator(chunk_size=self.csv_chunk_size):
                chunk.append(row)
                if len(chunk) == self.csv_chunk_size:
                    yield from (flatten_row(r) for r in self.serialize_rows(chunk))
                    chunk = []
            if chunk:
                yield from (flatten_row(r) for r in self.serialize_rows(chunk))
            return
        chunk: list = []
        for obj in queryset.iterator(chunk_size=self.csv_chunk_size):
            chunk.append(obj)
            if len(chunk) == self.csv_chunk_size:
                yield from self._serialize_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._serialize_chunk(chunk)

    def _serialize_chunk(self, chunk: list) -> Iterable[dict[str, str]]:
        for row in self.get_serializer(chunk, many=True).data:
            yield flatten_row(row)

    def csv_response(self, queryset: QuerySet) -> StreamingHttpResponse:
        writer = csv.writer(_Echo())
        header_fields = list(self.get_serializer().fields)
        language = translation.get_language()

        def stream() -> Iterator[str]:
            with translation.override(language):
                yield "\ufeff"  # a byte-order mark, so spreadsheets read UTF-8
                header: list[str] | None = None
                for row in self.csv_rows(queryset):
                    if header is None:
                        header = list(row)
                        yield writer.writerow(header)
                    yield writer.writerow(
                        [spreadsheet_safe(row.get(column, "")) for column in header]
                    )
                if header is None:
                    yield writer.writerow(header_fields)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        stamp = clock.today().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}-{stamp}.csv"'
        return response
