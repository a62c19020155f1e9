"""The transparency API over the demo data: exactly the public rows, strict filters, pages, CSV."""

import csv
import io

import pytest

from council.models import Decision, DraftDecision, Sitting
from program.models import (
    AnnualProgram,
    Department,
    ItemStatus,
    Objective,
    ProgramItem,
    Strategy,
)
from workflows import clock


@pytest.fixture
def demo(demo_data, db):
    """The demo (items in every state), loaded once for this module."""


def fetch_all(api, path, **params):
    rows, page = [], 1
    while True:
        body = api.get(path, {**params, "page": page, "page_size": 500}).json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


PUBLIC = {
    "/api/v1/items/": (lambda: ProgramItem.objects.filter(status="published"), "id", "pk"),
    "/api/v1/programs/": (lambda: AnnualProgram.objects.filter(status="published"), "year", "year"),
    "/api/v1/sittings/": (lambda: Sitting.objects.exclude(status="planned"), "id", "pk"),
    "/api/v1/drafts/": (lambda: DraftDecision.objects.all(), "id", "pk"),
    "/api/v1/decisions/": (lambda: Decision.objects.all(), "id", "pk"),
    "/api/v1/strategies/": (lambda: Strategy.objects.all(), "slug", "slug"),
    "/api/v1/objectives/": (lambda: Objective.objects.all(), "code", "code"),
    "/api/v1/departments/": (lambda: Department.objects.all(), "slug", "slug"),
}


@pytest.mark.parametrize("path", PUBLIC)
def test_anonymous_clients_see_exactly_the_public_rows(demo, api, path):
    queryset, key, field = PUBLIC[path]
    expected = set(queryset().values_list(field, flat=True))
    assert expected, "the demo has rows for every list"
    assert {row[key] for row in fetch_all(api, path)} == expected


def test_the_demo_has_items_in_every_state_and_only_published_ones_are_listed(demo, api):
    states = set(ProgramItem.objects.values_list("status", flat=True))
    assert states == set(ItemStatus.values)
    assert {row["status"] for row in fetch_all(api, "/api/v1/items/")} == {"published"}


def items(api, **params):
    return {row["id"] for row in fetch_all(api, "/api/v1/items/", **params)}


def published():
    return ProgramItem.objects.filter(status="published")


def test_filter_year(demo, api, this_year):
    assert items(api, year=this_year) == set(
        published().filter(program__year=this_year).values_list("pk", flat=True)
    )


def test_filter_month(demo, api):
    assert items(api, month=6) == set(
        published().filter(planned_month=6).values_list("pk", flat=True)
    )


def test_filter_department(demo, api):
    expected = {i.pk for i in published() if i.department.slug == "serviciul-buget"}
    assert expected and items(api, department="serviciul-buget") == expected


def test_filter_strategy(demo, api):
    expected = {
        i.pk
        for i in published()
        if any(o.strategy.slug == "strategia-it" for o in i.objectives.all())
    }
    assert expected and items(api, strategy="strategia-it") == expected


def test_filter_objective_includes_the_objectives_below(demo, api):
    expected = {
        i.pk
        for i in published()
        if any(o.code == "SC-OG1" or o.code.startswith("SC-OG1-") for o in i.objectives.all())
    }
    assert expected and items(api, objective="SC-OG1") == expected


def test_filter_status(demo, api_as, users):
    from tests.conftest import make_user

    secretariat = make_user("secretariat-api", "secretariat")
    client = api_as(secretariat)
    rows = fetch_all(client, "/api/v1/items/", status="draft,withdrawn")
    expected = set(
        ProgramItem.objects.filter(status__in=["draft", "withdrawn"]).values_list("pk", flat=True)
    )
    assert expected and {row["id"] for row in rows} == expected


def test_filter_q_finds_text_in_titles(demo, api):
    expected = {i.pk for i in published() if "bugetului" in i.title.lower()}
    assert expected and items(api, q="bugetului") == expected


def test_filter_q_folds_diacritics_like_the_search_page(demo, api):
    expected = {
        i.pk for i in published() if "ședințe" in f"{i.reference} {i.title} {i.description}".lower()
    }
    assert expected and items(api, q="sedinte") == expected == items(api, q="ȘEDINȚE")


def test_filter_updated_since(demo, api):
    moment = published().order_by("updated_at")[5].updated_at
    expected = set(published().filter(updated_at__gte=moment).values_list("pk", flat=True))
    assert items(api, updated_since=moment.isoformat()) == expected


def test_filters_combine(demo, api, this_year):
    expected = set(
        published().filter(program__year=this_year, planned_month=2).values_list("pk", flat=True)
    )
    assert items(api, year=this_year, month=2) == expected


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        ("/api/v1/items/", "month", "13"),
        ("/api/v1/items/", "month", "June"),
        ("/api/v1/items/", "year", "2025.5"),
        ("/api/v1/items/", "department", "nowhere"),
        ("/api/v1/items/", "strategy", "nowhere"),
        ("/api/v1/items/", "objective", "XX-OG9"),
        ("/api/v1/items/", "status", "draft,lost"),
        ("/api/v1/items/", "updated_since", "yesterday"),
        ("/api/v1/items/", "ordering", "title"),
        ("/api/v1/items/", "page_size", "501"),
        ("/api/v1/items/", "page_size", "0"),
        ("/api/v1/items/", "yaer", "2025"),
        ("/api/v1/items/", "format", "xml"),
        ("/api/v1/programs/", "year", "2025"),
        ("/api/v1/objectives/", "strategy", "nowhere"),
        ("/api/v1/objectives/", "level", "vague"),
        ("/api/v1/departments/", "name", "x"),
        ("/api/v1/sittings/", "kind", "secret"),
        ("/api/v1/sittings/", "year", "next"),
        ("/api/v1/drafts/", "stage", "sleeping"),
        ("/api/v1/decisions/", "year", "MMXXV"),
        ("/api/v1/strategies/", "q", "smart"),
    ],
)
def test_an_invalid_value_or_unknown_parameter_is_400_naming_it(demo, api, path, param, value):
    response = api.get(path, {param: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert param in body["errors"]
    assert param in body["detail"]


@pytest.mark.parametrize(
    "ordering", ["planned_month", "-planned_month", "reference", "-updated_at"]
)
def test_pages_cover_every_row_once(demo, api, ordering):
    total = api.get("/api/v1/items/").json()["count"]
    seen, page = [], 1
    while True:
        body = api.get(
            "/api/v1/items/", {"ordering": ordering, "page_size": 7, "page": page}
        ).json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == total


def test_ordering_by_planned_month(demo, api):
    rows = fetch_all(api, "/api/v1/items/", ordering="-planned_month")
    months = [row["planned_month"] for row in rows]
    assert months == sorted(months, reverse=True)


@pytest.mark.parametrize("path", PUBLIC)
def test_csv_has_the_whole_filtered_list(demo, api, path):
    response = api.get(path, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    json_body = api.get(path).json()
    count = json_body["count"] if isinstance(json_body, dict) else len(json_body)
    assert len(rows) == count


def test_csv_flattens_nested_values_readably(demo, api, this_year):
    response = api.get("/api/v1/items/", {"format": "csv", "year": this_year, "month": 2})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
    )
    item = ProgramItem.objects.get(pk=int(rows[0]["id"]))
    assert rows[0]["department"] == item.department.slug
    assert (
        rows[0]["objectives"] == "; ".join(o.code for o in item.objectives.order_by("code"))
        or rows[0]["objectives"]
    )
    assert "ă" in "".join(r["title"] for r in rows) or "ț" in "".join(r["title"] for r in rows)


def test_csv_of_a_filtered_list_respects_the_filter(demo, api):
    year = clock.today().year - 1  # the demo's last year is executed whatever today is
    response = api.get("/api/v1/decisions/", {"format": "csv", "year": year})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")))
    )
    assert len(rows) == Decision.objects.filter(year=year).count() > 0
    assert rows[0]["votes.for"].isdigit()


def test_the_fast_public_list_equals_the_serializer(demo, api, rf):
    """The values()-based list gives exactly what ItemSerializer gives, row for row."""
    from council.api.planning_serializers import ItemSerializer
    from council.selectors import public_items

    fast = fetch_all(api, "/api/v1/items/")
    expected = ItemSerializer(
        public_items().order_by("program__year", "sequence", "pk"), many=True
    ).data
    assert fast == [dict(row) for row in expected]


def list_operations(api) -> list[str]:
    """Every GET path of the OpenAPI schema whose answer is a list (an array of objects,
    paginated or not): the contract says each is paginated."""
    import json

    schema = json.loads(api.get("/api/v1/schema/", {"format": "json"}).content)
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or path.endswith("/schema/"):
            continue
        body = get["responses"]["200"]["content"].get("application/json", {}).get("schema", {})
        if "$ref" in body:
            body = components[body["$ref"].rsplit("/", 1)[-1]]
        assert body.get("type") != "array", f"{path} answers a bare array"
        if set(body.get("properties", {})) >= {"count", "next", "previous", "results"}:
            found.append(path)
    return found


def test_every_list_of_the_schema_answers_the_paginated_envelope(demo, api, api_as):
    from django.contrib.auth import get_user_model

    paths = list_operations(api)
    assert {
        "/api/v1/departments/",
        "/api/v1/strategies/",
        "/api/v1/items/{id}/history/",
        "/api/v1/items/{id}/inputs/",
        "/api/v1/items/{id}/transitions/",
    } <= set(paths)
    staff = api_as(get_user_model().objects.get(username="secretariat"))  # staff lists too
    item = ProgramItem.objects.filter(status="published").first()
    for path in paths:
        response = staff.get(path.replace("{id}", str(item.pk)), {"page_size": 1})
        assert response.status_code == 200, path
        body = response.json()
        assert list(body) == ["count", "next", "previous", "results"], path
        assert len(body["results"]) == min(1, body["count"]), path
        assert body["next"] is None or "page=2" in body["next"], path
