import threading

import pytest
from django.db import connection, connections

from program.models import ProgramItem
from program.services import program_open


def test_references_are_sequential_per_year(make_item, program):
    items = [make_item() for _ in range(3)]
    assert [i.reference for i in items] == [
        f"PAACL-{program.year}-001",
        f"PAACL-{program.year}-002",
        f"PAACL-{program.year}-003",
    ]


def test_each_year_numbers_from_one(make_item, program, users):
    next_year = program_open(year=program.year + 1, user=users["secretariat"])
    make_item()
    item = make_item(year=next_year.year)
    assert item.reference == f"PAACL-{next_year.year}-001"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_never_duplicates_a_reference(make_item, program):
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        try:
            barrier.wait()
            make_item()
        except BaseException as error:  # reported below, with the failing thread's error
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(ProgramItem.objects.values_list("reference", flat=True))
    assert sorted(references) == [f"PAACL-{program.year}-{n:03d}" for n in range(1, 9)]
    assert connection.vendor == "postgresql"
