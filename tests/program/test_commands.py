import io

import pytest
from django.core.management import CommandError, call_command

from program.models import (
    ProgramItem,
)
from workflows.models import TransitionLog


def adduser(*args, stdin="a-long-password\n"):
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("adduser", *args, "--password-stdin", stdout=io.StringIO())
    finally:
        sys.stdin = old


def test_adduser_creates_a_department_user(departments):
    from django.contrib.auth import get_user_model

    adduser("ion", "--role", "department", "--department", "investitii")
    user = get_user_model().objects.get(username="ion")
    assert user.check_password("a-long-password")
    assert list(user.groups.values_list("name", flat=True)) == ["department"]
    assert user.staff_profile.department.slug == "investitii"


def test_adduser_refuses_an_unknown_role(departments):
    with pytest.raises(CommandError, match="nobody"):
        adduser("ion", "--role", "nobody")


def test_adduser_refuses_a_department_user_without_department(departments):
    with pytest.raises(CommandError, match="--department"):
        adduser("ion", "--role", "department")


def test_adduser_refuses_an_unknown_department(departments):
    with pytest.raises(CommandError, match="nowhere"):
        adduser("ion", "--role", "department", "--department", "nowhere")


def test_adduser_refuses_an_empty_password(departments):
    with pytest.raises(CommandError):
        adduser("ion", "--role", "secretariat", stdin="\n")


def test_adduser_exits_non_zero_on_error(departments):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "adduser", "ion", "--role", "nobody", "--password-stdin"],
        input="secret-password\n",
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DEBUG": "1"},
    )
    assert result.returncode != 0
    assert "nobody" in result.stderr


def test_generate_load_data_is_deterministic(db):
    def run_and_read() -> list[tuple]:
        before = ProgramItem.objects.count()
        call_command(
            "generate_load_data",
            "--years",
            "1",
            "--items-per-year",
            "200",
            "--seed",
            "7",
            stdout=io.StringIO(),
        )
        rows = ProgramItem.objects.order_by("sequence")[before:]
        return list(rows.values_list("status", "department__slug", "planned_month"))

    first, second = run_and_read(), run_and_read()
    assert len(first) == 200
    assert first == second


def test_generate_load_data_log_replays_to_each_state(db):
    call_command(
        "generate_load_data", "--years", "2", "--items-per-year", "50", stdout=io.StringIO()
    )
    assert ProgramItem.objects.count() == 100
    for item in ProgramItem.objects.all()[:100]:
        log = list(TransitionLog.objects.for_object(item).order_by("at", "id"))
        assert log[-1].target == item.status


def test_generate_load_data_refuses_nonsense(db):
    with pytest.raises(CommandError, match="--years"):
        call_command("generate_load_data", "--years", "0", "--items-per-year", "5")
