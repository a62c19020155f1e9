"""Text at the door: control characters (other than new lines and tabs in long texts) and texts
beyond their length are refused with a message that says what is wrong, on the pages and the
API alike, and nothing is saved."""

import pytest
from django.test import Client

from program.models import ProgramItem
from workflows.text import LONG_TEXT_MAX

pytestmark = pytest.mark.django_db


def create(api_as, users, program, **fields):
    body = {"title": "Proiect de hotărâre privind parcările", "planned_month": f"{program.year}-12"}
    return api_as(users["investitii"]).post("/api/v1/items/", {**body, **fields}, format="json")


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"title": "Proiect\x0b de hotărâre"}, "title", "U+000B"),
        ({"title": "Proiect\nde hotărâre"}, "title", "single line"),
        ({"description": "Descriere\x07 cu clopoțel"}, "description", "U+0007"),
        ({"description": "x" * (LONG_TEXT_MAX + 1)}, "description", str(LONG_TEXT_MAX)),
        ({"objectives": ["SC-OG1\x00"]}, "objectives", "U+0000"),
    ],
    ids=["title VT", "title new line", "description BEL", "description too long", "code NUL"],
)
def test_the_api_refuses_bad_text_and_names_the_field(api_as, users, program, fields, field, says):
    response = create(api_as, users, program, **fields)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert says in response.json()["detail"]
    assert not ProgramItem.objects.exists()


def test_new_lines_and_tabs_are_fine_in_a_long_text(api_as, users, program):
    response = create(api_as, users, program, description="Primul rând\n\tal doilea rând")
    assert response.status_code == 201, response.json()


def test_the_staff_form_refuses_a_control_character_with_a_message(users, program):
    client = Client()
    client.force_login(users["investitii"])
    response = client.post(
        "/staff/items/new/",
        {"title": "Proiect\x1b[31m roșu", "planned_month": f"{program.year}-12",
         "kind": "draft_decision", "initiator_type": "mayor", "legal_character": "normative",
         "majority": "simple"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "U+001B" in response.content.decode()
    assert not ProgramItem.objects.exists()
