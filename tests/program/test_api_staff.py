"""The staff API of CONTRACT.md: tokens, drafts, transitions, inputs, history, program operations,
and the status codes it answers with."""

import datetime as dt

import pytest

from program.models import ItemStatus, ProgramItem
from tests.conftest import PASSWORD


def url(item, suffix=""):
    return f"/api/v1/items/{item.pk}/{suffix}"


def test_token_endpoint_returns_a_token_that_authenticates(api, users, program):
    response = api.post(
        "/api/v1/auth/token/", {"username": "investitii", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    created = api.post(
        "/api/v1/items/",
        {
            "title": "Proiect de hotărâre privind ceva",
            "planned_month": f"{dt.date.today().year}-05",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()


def test_token_endpoint_refuses_a_wrong_password(api, users):
    response = api.post(
        "/api/v1/auth/token/", {"username": "investitii", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400


def test_a_department_creates_a_draft_in_its_department(api_as, users, program, objective):
    response = api_as(users["investitii"]).post(
        "/api/v1/items/",
        {
            "title": "Proiect de hotărâre privind aprobarea indicatorilor",
            "planned_month": f"{program.year}-04",
            "objectives": [objective.code],
            "consulted_departments": ["juridica"],
            "majority": "absolute",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == f"PAACL-{program.year}-001"
    assert body["status"] == "draft"
    assert body["department"] == {"slug": "investitii", "name": "Direcția Investiții"}
    assert body["planned_month"] == f"{program.year}-04"
    assert body["objectives"][0]["code"] == objective.code
    assert body["consulted_departments"][0]["slug"] == "juridica"
    assert body["majority"] == "absolute"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"planned_month": "2026-13"}, "planned_month"),
        ({"planned_month": "May"}, "planned_month"),
        ({"kind": "poem"}, "kind"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_create_answers_400_naming_the_bad_field(api_as, users, program, payload, field):
    body = {"title": "Proiect", "planned_month": f"{program.year}-04", **payload}
    response = api_as(users["investitii"]).post("/api/v1/items/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"]


def test_create_in_a_year_without_program_is_400(api_as, users, program):
    response = api_as(users["investitii"]).post(
        "/api/v1/items/", {"title": "Proiect", "planned_month": "2099-01"}, format="json"
    )
    assert response.status_code == 400
    assert "2099" in response.json()["detail"]


def test_create_with_an_unknown_objective_is_400(api_as, users, program):
    response = api_as(users["investitii"]).post(
        "/api/v1/items/",
        {"title": "Proiect", "planned_month": f"{program.year}-04", "objectives": ["XX-1"]},
        format="json",
    )
    assert response.status_code == 400
    assert "XX-1" in response.json()["detail"]


def test_anonymous_cannot_create(api, program):
    response = api.post("/api/v1/items/", {"title": "x", "planned_month": f"{program.year}-01"})
    assert response.status_code in (401, 403)


def test_admin_role_cannot_create_items(api_as, users, program):
    response = api_as(users["admin"]).post(
        "/api/v1/items/", {"title": "x", "planned_month": f"{program.year}-01"}, format="json"
    )
    assert response.status_code == 403


def test_the_secretariat_creates_for_a_named_department(api_as, users, program):
    client = api_as(users["secretariat"])
    body = {"title": "Proiect", "planned_month": f"{program.year}-02"}
    assert client.post("/api/v1/items/", body, format="json").status_code == 400
    response = client.post("/api/v1/items/", {**body, "department": "buget"}, format="json")
    assert response.status_code == 201
    assert response.json()["department"]["slug"] == "buget"


def test_patch_edits_a_draft(api_as, users, make_item):
    item = make_item()
    response = api_as(users["investitii"]).patch(
        url(item), {"title": "Titlu nou", "planned_month": f"{item.program.year}-09"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Titlu nou"
    assert response.json()["planned_month"].endswith("-09")


def test_patch_of_an_item_past_draft_is_409(api_as, users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.DEPARTMENTAL_INPUT)
    response = api_as(users["investitii"]).patch(url(item), {"title": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["current_state"] == "departmental_input"


def test_patch_by_the_consulted_department_is_403(api_as, users, make_item):
    item = make_item()
    response = api_as(users["juridica"]).patch(url(item), {"title": "x"}, format="json")
    assert response.status_code == 403


def test_a_draft_is_404_for_anonymous_and_other_departments(api, api_as, users, make_item):
    item = make_item()
    assert api.get(url(item)).status_code == 404
    assert api_as(users["buget"]).get(url(item)).status_code == 404
    assert api_as(users["juridica"]).get(url(item)).status_code == 200  # consulted
    assert api_as(users["secretariat"]).get(url(item)).status_code == 200


def test_unknown_item_is_404(api_as, users):
    assert api_as(users["secretariat"]).get("/api/v1/items/999999/").status_code == 404


def test_public_fields_hide_internal_notes(api, make_item, bring_to, council_decision):
    item = bring_to(make_item(notes="NOTĂ-INTERNĂ"), ItemStatus.PUBLISHED)
    body = api.get(url(item)).json()
    assert "notes" not in body
    assert "NOTĂ-INTERNĂ" not in str(body)
    assert set(body) >= {
        "id", "reference", "title", "description", "kind", "initiator", "department",
        "consulted_departments", "program_year", "planned_month", "status", "progress",
        "overdue", "objectives", "sitting", "decision", "updated_at", "url",
    }  # fmt: skip


def test_list_shows_anonymous_only_published_items(api, make_item, bring_to, council_decision):
    published = bring_to(make_item(), ItemStatus.PUBLISHED)
    for state in (ItemStatus.DRAFT, ItemStatus.APPROVED, ItemStatus.SECRETARIAT_REVIEW):
        bring_to(make_item(), state)
    body = api.get("/api/v1/items/").json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [published.pk]


def test_list_shows_a_department_its_own_items(api_as, users, make_item):
    mine = make_item()
    other = make_item(user=users["buget"], consulted_departments=[])
    ids = {row["id"] for row in api_as(users["investitii"]).get("/api/v1/items/").json()["results"]}
    assert mine.pk in ids and other.pk not in ids


def test_transitions_lists_what_the_caller_may_fire(api_as, users, make_item):
    item = make_item()
    response = api_as(users["investitii"]).get(url(item, "transitions/"))
    assert response.status_code == 200
    offered = response.json()["results"]
    assert [t["name"] for t in offered] == ["submit", "withdraw"]
    assert offered[0]["target"] == "departmental_input"


def test_firing_a_transition_returns_the_item(api_as, users, make_item):
    item = make_item()
    response = api_as(users["investitii"]).post(url(item, "transitions/submit/"), {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "departmental_input"


def test_a_failing_condition_is_400_with_the_reason(api_as, users, make_item):
    item = make_item(objectives=[])
    response = api_as(users["investitii"]).post(url(item, "transitions/submit/"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"] == ["Link the item to at least one strategy objective."]


def test_a_missing_comment_is_400(api_as, users, make_item):
    response = api_as(users["investitii"]).post(
        url(make_item(), "transitions/withdraw/"), {"comment": ""}, format="json"
    )
    assert response.status_code == 400


def test_a_transition_of_another_role_is_403(api_as, users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.SECRETARIAT_REVIEW)
    response = api_as(users["investitii"]).post(
        url(item, "transitions/submit_to_council/"), {}, format="json"
    )
    assert response.status_code == 403


def test_a_transition_that_does_not_apply_is_409_with_the_state(api_as, users, make_item):
    item = make_item()
    response = api_as(users["secretariat"]).post(
        url(item, "transitions/publish/"), {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current_state"] == "draft"


def test_an_unknown_transition_is_404(api_as, users, make_item):
    response = api_as(users["secretariat"]).post(
        url(make_item(), "transitions/teleport/"), {}, format="json"
    )
    assert response.status_code == 404


def test_a_stale_expected_state_is_409(api_as, users, make_item):
    item = make_item()
    response = api_as(users["investitii"]).post(
        url(item, "transitions/submit/"), {"expected_state": "secretariat_review"}, format="json"
    )
    assert response.status_code == 409


def test_anonymous_cannot_fire_transitions(api, make_item, bring_to, council_decision):
    item = bring_to(make_item(), ItemStatus.APPROVED)
    assert api.post(url(item, "transitions/publish/"), {}).status_code in (401, 403)
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED


def test_inputs_can_be_given_and_read(api_as, users, make_item, bring_to):
    item = bring_to(make_item(), ItemStatus.DRAFT)
    api_as(users["investitii"]).post(url(item, "transitions/submit/"), {}, format="json")
    client = api_as(users["juridica"])
    response = client.post(
        url(item, "inputs/"),
        {"opinion": "favourable_with_remarks", "text": "Cu observații."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["department"]["slug"] == "juridica"
    listed = client.get(url(item, "inputs/")).json()["results"]
    assert {row["department"]["slug"]: row["opinion"] for row in listed} == {
        "investitii": "",
        "juridica": "favourable_with_remarks",
    }


def test_giving_another_departments_input_is_403(api_as, users, make_item):
    item = make_item()
    api_as(users["investitii"]).post(url(item, "transitions/submit/"), {}, format="json")
    response = api_as(users["juridica"]).post(
        url(item, "inputs/"),
        {"department": "investitii", "opinion": "favourable", "text": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_an_invalid_opinion_is_400(api_as, users, make_item):
    item = make_item()
    api_as(users["investitii"]).post(url(item, "transitions/submit/"), {}, format="json")
    response = api_as(users["juridica"]).post(
        url(item, "inputs/"), {"opinion": "maybe", "text": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "opinion" in response.json()["errors"]


def test_inputs_are_never_public(api, make_item, bring_to, council_decision):
    item = bring_to(make_item(), ItemStatus.PUBLISHED)
    assert api.get(url(item, "inputs/")).status_code in (401, 403)


def test_history_shows_actor_and_comment_to_staff_only(
    api, api_as, users, make_item, bring_to, council_decision
):
    item = bring_to(make_item(), ItemStatus.PUBLISHED)
    staff = api_as(users["secretariat"]).get(url(item, "history/")).json()["results"]
    assert [row["transition"] for row in staff][:2] == ["create", "submit"]
    assert staff[0]["by"] == "investitii" and "comment" in staff[0]
    public = api.get(url(item, "history/")).json()["results"]
    assert [row["transition"] for row in public] == ["approve", "publish"]
    assert all("by" not in row and "comment" not in row for row in public)
    assert public[-1]["from"] == "approved" and public[-1]["to"] == "published"


def test_program_approve_and_publish_through_the_api(api_as, users, make_item, bring_to, program):
    item = bring_to(make_item(), ItemStatus.SUBMITTED_TO_COUNCIL)
    client = api_as(users["secretariat"])
    approved = client.post(
        f"/api/v1/programs/{program.year}/approve/",
        {"decision_number": 33, "decision_date": f"{program.year - 1}-12-15"},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["approved_by"]["number"] == 33
    published = client.post(f"/api/v1/programs/{program.year}/publish/", format="json")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert ProgramItem.objects.get(pk=item.pk).status == ItemStatus.PUBLISHED


def test_program_approve_by_a_department_is_403(api_as, users, program):
    response = api_as(users["investitii"]).post(
        f"/api/v1/programs/{program.year}/approve/",
        {"decision_number": 1, "decision_date": f"{program.year - 1}-12-15"},
        format="json",
    )
    assert response.status_code == 403


def test_program_approve_with_a_bad_date_is_400(api_as, users, program):
    response = api_as(users["secretariat"]).post(
        f"/api/v1/programs/{program.year}/approve/",
        {"decision_number": 1, "decision_date": "15.01.2026"},
        format="json",
    )
    assert response.status_code == 400
    assert "decision_date" in response.json()["errors"]


def test_program_publish_with_nothing_approved_is_409(api_as, users, program):
    response = api_as(users["secretariat"]).post(f"/api/v1/programs/{program.year}/publish/")
    assert response.status_code == 409


def test_program_of_an_unknown_year_is_404(api_as, users):
    assert api_as(users["secretariat"]).post("/api/v1/programs/1999/publish/").status_code == 404


def test_unpublished_programs_are_hidden_from_anonymous(api, program):
    assert api.get(f"/api/v1/programs/{program.year}/").status_code == 404
    assert api.get("/api/v1/programs/").json()["count"] == 0


def test_errors_are_in_romanian_unless_english_is_asked_for(users, make_item):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["investitii"])
    response = client.post(url(make_item(objectives=[]), "transitions/submit/"), {}, format="json")
    assert response.json()["problems"] == ["Legați elementul de cel puțin un obiectiv strategic."]
