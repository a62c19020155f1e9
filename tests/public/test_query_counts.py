"""Public pages cost the same number of queries whatever the amount of data."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workflows import clock


def queries(path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(path).status_code == 200, path
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/calendar/{year}/3/",
        "/program/{year}/",
        "/strategies/smart-city/",
        "/calendar.ics",
        "/feed.atom",
        "/strategies/",
    ],
)
def test_a_page_costs_the_same_queries_at_two_sizes(db, path):
    year = clock.today().year
    path = path.format(year=year)
    call_command(
        "generate_load_data", "--years", "1", "--items-per-year", "60", stdout=io.StringIO()
    )
    small = queries(path)
    call_command(
        "generate_load_data", "--years", "1", "--items-per-year", "600", stdout=io.StringIO()
    )
    assert queries(path) == small
