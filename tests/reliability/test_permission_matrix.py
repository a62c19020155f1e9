"""The permission matrix: for every role, every item endpoint and page, an item in every state
(of Direcția Investiții, consulting Direcția Juridică), the expected answer. Lists are checked by
their counts, since object permissions do not filter lists by themselves, and ids of records a
role may not see answer 404, exactly like ids that do not exist (no existence leak).

Roles: anonymous; `investitii` (the item's own department); `juridica` (consulted on it);
`buget` (an unrelated department); the secretariat; the administrator (IT: users, departments and
strategies, and every record to read, but no step of the workflow: DOMAIN.md).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from program.models import ItemStatus, ProgramItem
from tests.conftest import PASSWORD, PATHS
from workflows.services import transition_fire

S = ItemStatus
ALL = set(PATHS)
PUBLIC = {S.PUBLISHED}
ROLES = ["anonymous", "investitii", "juridica", "buget", "secretariat", "admin"]

# Which items each role sees anywhere outside the public site.
SEES = {
    "anonymous": PUBLIC,
    "investitii": ALL,
    "juridica": ALL,
    "buget": PUBLIC,
    "secretariat": ALL,
    "admin": ALL,
}
STAFF = {"investitii", "juridica", "buget", "secretariat", "admin"}
EDITS_DRAFTS = {"investitii", "secretariat"}
ADMIN_SITE = {"secretariat", "admin"}


def expected_reads(role: str, state: str) -> dict[str, int]:
    """The status code of each read, for this role and an item in this state."""
    visible = state in SEES[role]
    staff_only = 403 if role == "anonymous" else (200 if visible else 404)
    if role == "anonymous":
        staff_page = edit_page = 302  # to the login page
    else:
        staff_page = 200 if visible else 404
        if not visible:
            edit_page = 404
        elif state != S.DRAFT:
            edit_page = 409  # only drafts are edited, whoever asks
        else:
            edit_page = 200 if role in EDITS_DRAFTS else 403
    return {
        "api detail": 200 if visible else 404,
        "api history": 200 if visible else 404,
        "api inputs": staff_only,
        "api transitions": staff_only,
        "public page": 200 if state == S.PUBLISHED else 404,
        "staff page": staff_page,
        "staff edit page": edit_page,
        "admin change page": 200 if role in ADMIN_SITE else 302,
    }


def reads(item_id: int) -> dict[str, str]:
    return {
        "api detail": f"/api/v1/items/{item_id}/",
        "api history": f"/api/v1/items/{item_id}/history/",
        "api inputs": f"/api/v1/items/{item_id}/inputs/",
        "api transitions": f"/api/v1/items/{item_id}/transitions/",
        "public page": f"/items/{item_id}/",
        "staff page": f"/staff/items/{item_id}/",
        "staff edit page": f"/staff/items/{item_id}/edit/",
        "admin change page": f"/admin/program/programitem/{item_id}/change/",
    }


@pytest.fixture
def items(make_item, bring_to, council_decision):
    return {state: bring_to(make_item(title=f"Punct {state}"), state) for state in PATHS}


def clients_for(role: str, users) -> tuple[APIClient, Client]:
    api, web = APIClient(HTTP_ACCEPT_LANGUAGE="en"), Client()
    if role != "anonymous":
        api.force_authenticate(users[role])
        web.force_login(users[role])
    return api, web


def get(api: APIClient, web: Client, path: str) -> int:
    client = api if path.startswith("/api/") else web
    return client.get(path).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_what_it_may(role, users, items):
    api, web = clients_for(role, users)
    wrong = []
    for state, item in items.items():
        for name, path in reads(item.pk).items():
            expected, got = expected_reads(role, state)[name], get(api, web, path)
            if got != expected:
                wrong.append(f"{name} of a {state} item: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_only_what_the_role_may_see(role, users, items):
    api, _web = clients_for(role, users)
    expected = {item.pk for state, item in items.items() if state in SEES[role]}
    listed = api.get("/api/v1/items/", {"page_size": 500}).json()
    assert listed["count"] == len(expected)
    assert {row["id"] for row in listed["results"]} == expected
    response = api.get("/api/v1/items/", {"format": "csv"})
    csv_rows = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(csv_rows.strip().splitlines()) - 1 == len(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_history_shows_actors_and_comments_to_staff_only(role, users, items):
    api, _web = clients_for(role, users)
    rows = api.get(f"/api/v1/items/{items[S.PUBLISHED].pk}/history/").json()["results"]
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows
    for row in rows:
        assert ("comment" in row) == (role in STAFF)
        assert ("by" in row) == (role in STAFF)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_guessing_ids_gets_404_like_a_missing_record(role, users, items):
    api, _web = clients_for(role, users)
    missing = max(item.pk for item in items.values()) + 1000
    assert api.get(f"/api/v1/items/{missing}/").status_code == 404
    for state, item in items.items():
        if state not in SEES[role]:
            response = api.get(f"/api/v1/items/{item.pk}/")
            assert response.status_code == 404
            assert response.json() == api.get(f"/api/v1/items/{missing}/").json()


# Actions: (what, method, path for the items, body, the state it needs) → expected per role.
ACTIONS = {
    "edit a draft": ("patch", "/api/v1/items/{id}/", {"title": "Titlu nou"}, S.DRAFT),
    "submit a draft": ("post", "/api/v1/items/{id}/transitions/submit/", {}, S.DRAFT),
    "give input": (
        "post",
        "/api/v1/items/{id}/inputs/",
        {"opinion": "favourable", "text": "De acord."},
        "awaiting input",
    ),
    "send to the council": (
        "post",
        "/api/v1/items/{id}/transitions/submit_to_council/",
        {},
        S.SECRETARIAT_REVIEW,
    ),
    "withdraw": (
        "post",
        "/api/v1/items/{id}/transitions/withdraw/",
        {"comment": "Nu mai este necesar."},
        S.DRAFT,
    ),
}
ACTION_EXPECTED = {
    #                    anonymous investitii juridica buget secretariat admin
    "edit a draft":        (403, 200, 403, 404, 200, 403),
    "submit a draft":      (403, 200, 403, 404, 403, 403),
    "give input":          (403, 201, 201, 404, 403, 403),
    "send to the council": (403, 403, 403, 404, 200, 403),
    "withdraw":            (403, 200, 403, 404, 200, 403),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_does_exactly_what_it_may(role, users, items, make_item):
    api, _web = clients_for(role, users)
    awaiting = make_item(title="Punct care așteaptă avizele")
    transition_fire(model=ProgramItem, pk=awaiting.pk, name="submit", user=users["investitii"])
    items = {**items, "awaiting input": awaiting}
    wrong = []
    for name, (method, path, body, state) in ACTIONS.items():
        expected = ACTION_EXPECTED[name][ROLES.index(role)]
        with transaction.atomic():
            response = getattr(api, method)(path.format(id=items[state].pk), body, format="json")
            transaction.set_rollback(True)
        if response.status_code != expected:
            wrong.append(f"{name}: {response.status_code}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_records_the_program_approval(role, users, items, program):
    api, _web = clients_for(role, users)
    response = api.post(f"/api/v1/programs/{program.year}/publish/", {}, format="json")
    expected = 200 if role == "secretariat" else 403
    assert response.status_code == expected


@pytest.mark.django_db
def test_an_invalid_token_is_refused_not_treated_as_anonymous(users, items):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response = api.get("/api/v1/items/", HTTP_AUTHORIZATION="Token 0123456789abcdef")
    # 403 rather than 401: session authentication comes first, and it names no challenge.
    assert response.status_code == 403
    assert "token" in response.json()["detail"].lower()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "no role"])
def test_staff_pages_need_a_login_and_a_role(role, users, items, program):
    from django.contrib.auth import get_user_model

    web = Client()
    if role == "no role":
        web.force_login(get_user_model().objects.create_user("fara-rol", password=PASSWORD))
    elif role != "anonymous":
        web.force_login(users[role])
    pages = ["/staff/", "/staff/council/", "/staff/council/drafts/", "/staff/council/sittings/",
             "/staff/council/decisions/", f"/staff/programs/{program.year}/"]  # fmt: skip
    expected = {"anonymous": 302, "no role": 403}.get(role, 200)
    answers = {page: web.get(page).status_code for page in pages}
    assert answers == dict.fromkeys(pages, expected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_staff_program_page_lists_only_what_the_role_may_see(role, users, items, program):
    if role == "anonymous":
        return
    web = Client()
    web.force_login(users[role])
    page = web.get(f"/staff/programs/{program.year}/").content.decode()
    shown = {item.pk for item in items.values() if f"/staff/items/{item.pk}/" in page}
    assert shown == {item.pk for state, item in items.items() if state in SEES[role]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_administrator_manages_users_in_the_admin(role, users):
    web = Client()
    if role != "anonymous":
        web.force_login(users[role])
    expected = {"admin": 200, "secretariat": 403}.get(role, 302)
    assert web.get("/admin/auth/user/").status_code == expected
