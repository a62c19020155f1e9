"""The Django admin's share of the permission matrix: registers are read-only for every role
(a break-glass superuser included), reference data is IT's, and nobody raises rights there.

Findings this answers: IT deleted a published item in /admin/ and its reference left a gap with
no audit row; IT could grant itself any role and move a convened sitting; the secretariat
rewrote decision dates, a published program's year, an adopted draft's legal character and a
held sitting's kind in the admin without validation or audit.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from program import roles
from program.models import Department, ItemStatus
from workflows.models import TransitionLog

# The registers' admin pages: model path → a function that gives one object of it.
REGISTERS = [
    "program/programitem",
    "program/annualprogram",
    "council/draftdecision",
    "council/sitting",
    "council/decision",
    "council/councillor",
    "workflows/transitionlog",
]
REFERENCE = ["program/department", "program/strategy", "program/objective",
             "council/committee"]  # fmt: skip


@pytest.fixture
def record(adopted_decision):
    """One object of each register: an adopted decision brings a draft, a sitting, a program and
    a published item with it."""
    decision = adopted_decision
    item = decision.item
    return {
        "program/programitem": item,
        "program/annualprogram": item.program,
        "council/draftdecision": decision.draft,
        "council/sitting": decision.sitting,
        "council/decision": decision,
        # Mandates change through council.composition (validation, end, replacement).
        "council/councillor": decision.sitting.chair,
        "workflows/transitionlog": TransitionLog.objects.first(),
    }


@pytest.fixture
def breakglass(db):
    return get_user_model().objects.create_superuser("breakglass", password="x-very-long-pw-1")


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["secretariat", "admin", "breakglass"])
def test_registers_are_read_only_in_the_admin_for_everyone(who, users, breakglass, record):
    client = web(breakglass if who == "breakglass" else users[who])
    for path, obj in record.items():
        change = f"/admin/{path}/{obj.pk}/change/"
        page = client.get(change)
        assert page.status_code == 200, path  # it reads
        assert 'name="_save"' not in page.content.decode(), path
        assert client.post(change, {"title": "rescris"}).status_code == 403, path
        assert client.get(f"/admin/{path}/add/").status_code == 403, path
        assert client.post(f"/admin/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_published_item_cannot_be_deleted_from_the_admin(users, record):
    item = record["program/programitem"]
    assert item.status == ItemStatus.PUBLISHED
    answer = web(users["admin"]).post(
        f"/admin/program/programitem/{item.pk}/delete/", {"post": "yes"}
    )
    assert answer.status_code == 403
    item.refresh_from_db()


@pytest.mark.parametrize("who", ["secretariat", "admin"])
def test_only_it_keeps_the_reference_data(who, users):
    client = web(users[who])
    for path in REFERENCE:
        expected = 200 if who == "admin" else 403
        assert client.get(f"/admin/{path}/add/").status_code == expected, path


def test_a_reference_change_in_the_admin_is_logged_with_before_and_after(users, departments):
    department = departments["buget"]
    answer = web(users["admin"]).post(
        f"/admin/program/department/{department.pk}/change/",
        {"name": "Serviciul Buget", "slug": department.slug, "email": "buget@example.ro"},
    )
    assert answer.status_code == 302
    row = TransitionLog.objects.for_object(department).get()
    assert row.actor == users["admin"] and row.transition == "admin_change"
    assert row.changes["name"] == ["Serviciul Buget, Execuție Bugetară", "Serviciul Buget"]


def test_no_role_is_a_superuser(users):
    assert not any(user.is_superuser for user in users.values())


def test_it_cannot_change_its_own_role(users):
    admin = users["admin"]
    client = web(admin)
    page = client.get(f"/admin/auth/user/{admin.pk}/change/").content.decode()
    assert 'name="role"' not in page  # shown, not editable
    client.post(
        f"/admin/auth/user/{admin.pk}/change/",
        {"username": "admin", "email": "it@example.ro", "role": "secretariat", "is_active": "on",
         "date_joined_0": "2026-01-01", "date_joined_1": "10:00"},
    )  # fmt: skip
    assert roles.user_roles(get_user_model().objects.get(pk=admin.pk)) == {"admin"}


def test_the_user_form_has_no_superuser_or_permission_fields(users):
    page = web(users["admin"]).get(f"/admin/auth/user/{users['buget'].pk}/change/")
    text = page.content.decode()
    for field in ("is_superuser", "user_permissions", "groups", "is_staff"):
        assert f'name="{field}"' not in text, field


def test_it_gives_another_user_one_role_and_it_is_logged(users):
    buget = users["buget"]
    answer = web(users["admin"]).post(
        f"/admin/auth/user/{buget.pk}/change/",
        {"username": "buget", "email": "buget@example.ro", "role": "secretariat",
         "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00",
         "is_superuser": "on"},
    )  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    buget = get_user_model().objects.get(pk=buget.pk)
    assert roles.user_roles(buget) == {"secretariat"} and not buget.is_superuser
    assert TransitionLog.objects.for_object(buget).filter(actor=users["admin"]).exists()


def test_a_department_role_needs_its_department(users):
    answer = web(users["admin"]).post(
        f"/admin/auth/user/{users['secretariat'].pk}/change/",
        {"username": "secretariat", "email": "s@example.ro", "role": "department",
         "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00"},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "department" in answer.context["adminform"].form.errors


def test_it_cannot_change_a_breakglass_superuser(users, breakglass):
    client = web(users["admin"])
    answer = client.post(f"/admin/auth/user/{breakglass.pk}/change/", {"username": "x"})
    assert answer.status_code == 403


def test_accounts_are_deactivated_not_deleted(users):
    answer = web(users["admin"]).post(
        f"/admin/auth/user/{users['buget'].pk}/delete/", {"post": "yes"}
    )
    assert answer.status_code == 403
    assert Department.objects.exists()
