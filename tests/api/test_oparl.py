"""OParl 1.1 at /oparl/v1/: what a standard client (an importer, a portal) finds there."""

from __future__ import annotations

import datetime as dt
import io
import json

import jsonschema
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council import services
from council.documents import document_add, document_withhold
from council.models import Document, DraftDecision
from tests.conftest import roll_call_of
from tests.oparl_client import SCHEMAS, Walker
from workflows import clock

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LISTS = (
    "organization", "person", "membership", "meeting", "agendaItem", "paper", "consultation",
    "file", "legislativeTerm", "location",
)  # fmt: skip


def pdf(name: str = "document.pdf", text: str = "") -> io.BytesIO:
    file = io.BytesIO(PDF + text.encode())
    file.name = name
    return file


def address(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@pytest.fixture
def record(adopted_decision, users):
    """A decision adopted at a convened sitting, signed, with a public document on each of its
    draft, the decision and the sitting."""
    secretariat = users["secretariat"]
    decision = adopted_decision
    services.decision_record(
        decision_id=decision.pk, user=secretariat, signed_on=clock.today(),
        countersigned_on=clock.today(),
    )  # fmt: skip
    for kind, name, pk in (
        ("report", "draft", decision.draft_id),
        ("decision_text", "decision", decision.pk),
        ("convocation", "sitting", decision.sitting_id),
    ):
        document_add(user=secretariat, record=name, record_id=pk, kind=kind,
                     file=pdf(f"{kind}.pdf", kind))  # fmt: skip
    decision.refresh_from_db()
    return decision


def everything(client: Client, query: str = "") -> dict[str, dict]:
    """What a client syncing the body's lists receives, by id."""
    found = {}
    for name in LISTS:
        url = f"/oparl/v1/body/1/{name}/" + (f"?{query}" if query else "")
        while url:
            page = client.get(url.removeprefix(settings.SITE_URL.rstrip("/"))).json()
            found.update({obj["id"]: obj for obj in page["data"]})
            url = page["links"].get("next")
    return found


def test_the_schemas_are_the_specifications_own():
    """The tests validate against a copy of ../shared/oparl-schema/, kept the same."""
    shared = settings.BASE_DIR.parent / "shared" / "oparl-schema"
    if not shared.exists():
        pytest.skip("../shared/oparl-schema/ is not beside this checkout")
    for copy in SCHEMAS.glob("*.json"):
        assert json.loads(copy.read_text()) == json.loads((shared / copy.name).read_text())


def test_a_client_walking_from_the_system_finds_every_object_valid(record, db):
    walker = Walker(Client()).walk()
    kinds = {name: len(objects) for name, objects in walker.by_type.items()}
    assert kinds["System"] == 1 and kinds["Body"] == 1
    assert kinds["Person"] == 27
    # The council's mandates, the party group's members, the committee's seven members.
    assert kinds["Membership"] == 27 + 27 + 7
    assert kinds["Meeting"] == 1 and kinds["AgendaItem"] == 1
    assert kinds["Paper"] == DraftDecision.objects.count() + 1
    assert kinds["File"] == Document.objects.public().count() == 3
    assert kinds["LegislativeTerm"] == 1 and kinds["Location"] == 1
    organizations = {o["id"] for o in walker.by_type["Organization"].values()}
    assert address("/oparl/v1/organization/council/") in organizations
    assert address("/oparl/v1/organization/group-grupul-pnl/") in organizations
    # The committee's opinion and the council's agenda item are the draft's consultations.
    assert kinds["Consultation"] == 2


def test_a_decision_is_a_paper_of_its_own_related_to_its_draft(record, db):
    client = Client()
    decision = client.get(f"/oparl/v1/paper/decision-{record.pk}/").json()
    draft = client.get(f"/oparl/v1/paper/draft-{record.draft_id}/").json()
    assert decision["paperType"] == "Hotărâre"
    assert draft["paperType"] == "Proiect de hotărâre"
    assert decision["relatedPaper"] == [draft["id"]]
    assert draft["relatedPaper"] == [decision["id"]]
    assert decision["mainFile"]["mimeType"] == "application/pdf"
    assert len(decision["mainFile"]["sha512Checksum"]) == 128
    assert decision["mainFile"]["paacl:sha256"] == record.documents.get().sha256
    assert draft["underDirectionOf"] == [
        address(f"/oparl/v1/organization/department-{record.draft.department_id}/")
    ]
    assert draft["paacl:programItem"]["objectives"], "the program item and its objectives"


def test_a_meeting_carries_its_state_agenda_and_invitation(record, db):
    meeting = Client().get(f"/oparl/v1/meeting/{record.sitting_id}/").json()
    assert meeting["meetingState"] == "convocată"
    assert meeting["cancelled"] is False
    assert meeting["invitation"]["name"]
    [item] = meeting["agendaItem"]
    assert item["result"] == "adoptat (pentru: 20, împotrivă: 3, abțineri: 2, prezenți: 25)"
    entry_id = item["id"].rstrip("/").rsplit("/", 1)[1]
    assert item["consultation"] == address(f"/oparl/v1/consultation/agenda-{entry_id}/")


def test_an_agenda_item_carries_the_roll_call_as_a_vendor_extension(
    open_sitting, councillors, users, db
):
    _sitting, [entry] = open_sitting(1)
    services.agenda_entry_vote(
        entry_id=entry.pk, user=users["secretariat"],
        roll_call=roll_call_of(councillors, {0: "against", 1: "abstention", 2: "absent"}),
    )  # fmt: skip
    item = Client().get(f"/oparl/v1/agendaItem/{entry.pk}/").json()
    votes = {row["person"]: row["vote"] for row in item["paacl:rollCall"]}
    assert len(votes) == 27
    assert votes[address(f"/oparl/v1/person/{councillors[0].pk}/")] == "against"
    assert item["paacl:votes"]["for"] == 24


def test_a_sitting_being_planned_is_not_in_oparl(sitting, complete_draft, users, db):
    planned = sitting(day=clock.today() + dt.timedelta(days=20))
    entry = services.draft_put_on_agenda(
        draft_id=complete_draft().pk, sitting_id=planned.pk, user=users["secretariat"]
    )
    client = Client()
    assert client.get(f"/oparl/v1/meeting/{planned.pk}/").status_code == 404
    assert client.get(f"/oparl/v1/agendaItem/{entry.pk}/").status_code == 404
    assert client.get(f"/oparl/v1/consultation/agenda-{entry.pk}/").status_code == 404
    assert client.get("/oparl/v1/body/1/meeting/").json()["data"] == []


def test_lists_are_paginated_as_oparl_says(councillors, db):
    client = Client()
    first = client.get("/oparl/v1/body/1/person/?limit=10").json()
    assert first["pagination"] == {
        "totalElements": 27, "elementsPerPage": 10, "currentPage": 1, "totalPages": 3,
    }  # fmt: skip
    assert len(first["data"]) == 10
    assert "prev" not in first["links"]
    last = client.get(first["links"]["last"].removeprefix(settings.SITE_URL.rstrip("/"))).json()
    assert len(last["data"]) == 7
    assert "next" not in last["links"] and last["links"]["prev"].endswith("limit=10&page=2")
    seen = [o["id"] for o in first["data"]]
    second = client.get(first["links"]["next"].removeprefix(settings.SITE_URL.rstrip("/")))
    seen += [o["id"] for o in second.json()["data"]] + [o["id"] for o in last["data"]]
    assert len(set(seen)) == 27


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("modified_since=yesterday", "modified_since"),
        ("created_until=2026-13-01", "created_until"),
        ("limit=0", "limit"),
        ("limit=-3", "limit"),
        ("page=two", "page"),
        ("modfied_since=2026-01-01", "modfied_since"),
        ("limit=5&limit=6", "limit"),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(query, word, db):
    response = Client().get(f"/oparl/v1/body/1/paper/?{query}")
    assert response.status_code == 400
    assert word in response.json()["detail"]


def test_a_page_past_the_last_or_an_unknown_object_is_a_404(councillors, db):
    client = Client()
    assert client.get("/oparl/v1/body/1/person/?page=9").status_code == 404
    for path in ("/oparl/v1/person/999999/", "/oparl/v1/paper/draft-x/", "/oparl/v1/nothing/1/",
                 "/oparl/v1/body/2/", "/oparl/v1/body/1/nothing/"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]


def test_created_and_modified_filters_select_by_time(councillors, db):
    client = Client()
    later = clock.now() + dt.timedelta(hours=1)
    assert (
        client.get(f"/oparl/v1/body/1/person/?created_since={later.isoformat()}").json()["data"]
        == []
    )
    until = client.get(f"/oparl/v1/body/1/person/?modified_until={later.isoformat()}").json()
    assert until["pagination"]["totalElements"] == 27
    # The filters are kept in the links to the other pages.
    assert "modified_until" in until["links"]["first"]


def test_an_incremental_sync_returns_exactly_the_changed_and_deleted_objects(record, users, db):
    client = Client()
    before = everything(client)
    draft_document = record.draft.documents.get()
    with time_machine.travel(clock.now() + dt.timedelta(hours=1), tick=True):
        since = clock.now()
        document_withhold(
            user=users["secretariat"], document_id=draft_document.pk, reason="Date personale"
        )
        added = document_add(
            user=users["secretariat"], record="sitting", record_id=record.sitting_id,
            kind="other", file=pdf("anexa.pdf", "x"),
        )  # fmt: skip
        services.decision_record(
            decision_id=record.pk,
            user=users["secretariat"],
            communicated_on=clock.today(),
            notified_on=clock.today(),
        )
        after = everything(client)
        changed = everything(client, f"modified_since={since.isoformat()}".replace("+", "%2B"))

    def content(obj):
        return {key: value for key, value in obj.items() if key != "modified"}

    expected = {
        id_
        for id_, obj in after.items()
        if id_ not in before or content(before[id_]) != content(obj)
    }
    withdrawn = address(f"/oparl/v1/file/{draft_document.pk}/")
    assert withdrawn not in after
    assert expected == {
        address(f"/oparl/v1/paper/draft-{record.draft_id}/"),
        address(f"/oparl/v1/paper/decision-{record.pk}/"),
        address(f"/oparl/v1/meeting/{record.sitting_id}/"),
        address(f"/oparl/v1/file/{added.pk}/"),
    }
    assert set(changed) == expected | {withdrawn}
    assert changed[withdrawn]["deleted"] is True
    assert Client().get(f"/oparl/v1/file/{draft_document.pk}/").json()["deleted"] is True


def test_a_page_costs_the_same_queries_whatever_the_data(open_sitting, users, councillors, db):
    def costs():
        client = Client()
        result = {}
        for name in LISTS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/oparl/v1/body/1/{name}/").status_code == 200
            result[name] = len(queries)
        return result

    def grow(n):
        sitting, entries = open_sitting(n)
        for entry in entries:
            services.agenda_entry_vote(
                entry_id=entry.pk,
                user=users["secretariat"],
                roll_call=roll_call_of(councillors, {}),
            )
            document_add(user=users["secretariat"], record="draft", record_id=entry.draft_id,
                         kind="annex", file=pdf())  # fmt: skip
        document_add(user=users["secretariat"], record="sitting", record_id=sitting.pk,
                     kind="convocation", file=pdf())  # fmt: skip

    grow(1)
    small = costs()
    with time_machine.travel(clock.now() + dt.timedelta(days=1), tick=True):
        grow(4)
        assert costs() == small


def test_an_unchanged_list_answers_304_and_a_change_a_new_page(record, users, db):
    client = Client()
    first = client.get("/oparl/v1/body/1/file/")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/oparl/v1/body/1/file/")
    assert again["Access-Control-Allow-Origin"] == "*", "a cached copy keeps the header"
    assert client.get("/oparl/v1/body/1/file/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    document_add(user=users["secretariat"], record="draft", record_id=record.draft_id,
                 kind="annex", file=pdf("anexa.pdf", "y"))  # fmt: skip
    changed = client.get("/oparl/v1/body/1/file/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["pagination"]["totalElements"] == 4


@pytest.mark.parametrize(
    "broken",
    [
        {"accessUrl": None},  # a required property of the wrong type
        {"created": "2026-12-04 10:00"},  # not an RFC 3339 date-time
        {"size": "12 kB"},
        {"type": "https://schema.oparl.org/1.1/Paper"},
    ],
)
def test_the_walker_refuses_an_object_that_breaks_the_schema(broken):
    """The walk above can fail: the same checks refuse a File that breaks its schema."""
    good = {
        "id": address("/oparl/v1/file/1/"), "type": "https://schema.oparl.org/1.1/File",
        "accessUrl": address("/documents/1/a.pdf"), "size": 3,
        "created": "2026-12-04T10:00:00+02:00", "modified": "2026-12-04T10:00:00+02:00",
    }  # fmt: skip
    Walker(Client()).accept(dict(good), "File")
    with pytest.raises((AssertionError, jsonschema.ValidationError)):
        Walker(Client()).accept({**good, **broken}, "File")
