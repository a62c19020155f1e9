"""The public side of councillors, committees and votes: pages, CSV and API; only what public
sittings show, in a constant number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council import services
from council.models import Councillor, Sitting
from tests.conftest import behind_the_services, roll_call_of


@pytest.fixture
def voted(open_sitting, councillors, users):
    """A sitting with attendance (one absent) and two entries: one open vote by roll call
    (councillor 2 against, councillor 3 declares an interest) and one secret ballot."""
    sitting, entries = open_sitting(n=2)
    secretariat = users["secretariat"]
    services.sitting_attendance_record(
        sitting_id=sitting.pk, user=secretariat, present=[c.pk for c in councillors[:26]]
    )
    services.agenda_entry_vote(
        entry_id=entries[0].pk, user=secretariat,
        roll_call=roll_call_of(councillors, {1: "against", 2: "not_voting", 26: "absent"}),
    )  # fmt: skip
    services.agenda_entry_vote(
        entry_id=entries[1].pk, user=secretariat, ballot="secret", votes_for=20,
        votes_against=4, abstentions=2,
    )  # fmt: skip
    return sitting, entries


def test_the_councillors_page_lists_those_in_office_and_former_ones(
    client, councillors, users, today
):
    from council import composition

    composition.councillor_mandate_end(
        councillor_id=councillors[26].pk, user=users["secretariat"],
        last_day=today - dt.timedelta(days=1), reason="resignation",
    )  # fmt: skip
    page = client.get("/councillors/").content.decode()
    assert councillors[0].name in page
    current, former = page.split('id="former"')
    assert councillors[26].name in former
    assert councillors[26].name not in current


def test_a_councillors_page_shows_how_they_voted(client, voted, councillors):
    _sitting, entries = voted
    page = client.get(f"/councillors/{councillors[1].pk}/").content.decode()
    assert entries[0].draft.title in page
    assert "vote-against" in page
    # The secret ballot is not there by name.
    assert page.count(f'href="/drafts/{entries[1].draft_id}/"') == 0
    assert "(100%)" in page


def test_a_councillors_vote_links_its_sitting_draft_and_decision(client, voted, councillors):
    sitting, entries = voted
    entry = entries[0]
    entry.refresh_from_db()
    decision = entry.draft.decision
    page = client.get(f"/councillors/{councillors[0].pk}/").content.decode()
    row = page.split(f'href="/drafts/{entry.draft_id}/"', 1)[0].rsplit("<tr", 1)[1]
    row += page.split(f'href="/drafts/{entry.draft_id}/"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/sittings/{sitting.pk}/"' in row
    assert f'href="/decisions/{decision.year}/{decision.number}/"' in row
    assert decision.reference in row


def test_a_councillors_votes_download_as_csv(client, voted, councillors):
    _sitting, entries = voted
    response = client.get(f"/councillors/{councillors[2].pk}/votes.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["draft"], r["vote"]) for r in rows] == [(entries[0].draft.reference, "not_voting")]


def test_an_unknown_year_or_councillor_is_404(client, voted, councillors):
    assert client.get(f"/councillors/{councillors[0].pk}/?year=1999").status_code == 404
    assert client.get(f"/councillors/{councillors[0].pk}/?year=abc").status_code == 404
    assert client.get("/councillors/99999/").status_code == 404
    assert client.get("/committees/nu-exista/").status_code == 404


def test_the_sitting_page_shows_attendance_and_each_roll_call(client, voted, councillors):
    sitting, _entries = voted
    page = client.get(f"/sittings/{sitting.pk}/").content.decode()
    assert 'id="attendance"' in page
    assert councillors[26].name in page.split('id="attendance"')[1]
    assert 'details class="roll-call"' in page
    assert page.count('details class="roll-call"') == 1  # the secret ballot has none


def test_the_sitting_page_groups_each_councillor_under_their_vote(client, voted, councillors):
    sitting, _entries = voted
    page = client.get(f"/sittings/{sitting.pk}/").content.decode()
    roll_call = page.split('details class="roll-call"', 1)[1].split("</details>", 1)[0]
    groups = {
        dt.split(" (")[0]: dd
        for dt, dd in (part.split("</dt><dd>", 1) for part in roll_call.split("<dt>")[1:])
    }
    against = f'<a href="/councillors/{councillors[1].pk}/">{councillors[1].name}</a>'
    assert against in groups["Împotrivă"]
    assert against not in groups["Pentru"]
    assert groups["Pentru"].count("<a ") == 24
    assert f"/councillors/{councillors[26].pk}/" in groups["Absent"]


def test_the_sitting_page_escapes_a_councillors_name_in_the_roll_call(client, voted, councillors):
    sitting, _entries = voted
    with behind_the_services():
        Councillor.objects.filter(pk=councillors[1].pk).update(name='Ion "Nelu" <Pop> & fiul')
    page = client.get(f"/sittings/{sitting.pk}/").content.decode()
    roll_call = page.split('details class="roll-call"', 1)[1].split("</details>", 1)[0]
    assert "Ion &quot;Nelu&quot; &lt;Pop&gt; &amp; fiul</a>" in roll_call
    assert "<Pop>" not in page


def test_committee_pages_show_members_with_roles_and_opinions(client, committee, voted):
    page = client.get("/committees/").content.decode()
    assert committee.name in page
    detail = client.get(f"/committees/{committee.slug}/").content.decode()
    assert "Consilier 01" in detail
    assert 'href="/drafts/' in detail  # the committee's opinions on the drafts


def test_the_api_describes_councillors_as_the_contract_says(api, committee, councillors):
    body = api.get(f"/api/v1/councillors/{councillors[0].pk}/").json()
    assert set(body) >= {
        "id", "name", "party", "mandate_start", "mandate_end", "in_office", "committees", "url",
    }  # fmt: skip
    assert body["committees"] == [{"slug": "buget", "name": committee.name, "role": "chair"}]
    assert api.get("/api/v1/councillors/").json()["count"] == 27


def test_the_api_describes_committees_as_the_contract_says(api, committee, councillors):
    body = api.get("/api/v1/committees/buget/").json()
    assert body["slug"] == "buget"
    roles = {m["councillor"]: m["role"] for m in body["members"]}
    assert roles == {
        c.pk: "chair" if n == 0 else "secretary" if n == 1 else "member"
        for n, c in enumerate(councillors[:7])
    }


def test_the_sitting_api_carries_attendance_ballot_and_roll_call(api, voted, councillors):
    sitting, _entries = voted
    body = api.get(f"/api/v1/sittings/{sitting.pk}/").json()
    assert sorted(body["attendance"]) == sorted(c.pk for c in councillors[:26])
    open_vote, secret = body["agenda"]
    assert open_vote["ballot"] == "open"
    counts = {}
    for row in open_vote["roll_call"]:
        counts[row["vote"]] = counts.get(row["vote"], 0) + 1
    assert open_vote["votes"] == {
        "for": counts["for"],
        "against": counts["against"],
        "abstentions": counts.get("abstention", 0),
    }
    assert (counts["not_voting"], counts["absent"]) == (1, 1)
    assert (secret["ballot"], secret["roll_call"]) == ("secret", [])


def test_a_vote_on_a_sitting_that_is_not_public_is_not_shown(client, api, voted, councillors):
    """Tampered on purpose: the sitting loses its convocation (no service does that). Its votes
    and attendance disappear from every public page, CSV and API."""
    sitting, entries = voted
    with behind_the_services():
        Sitting.objects.filter(pk=sitting.pk).update(convened_on=None)
    title = entries[0].draft.title
    for url in (
        f"/councillors/{councillors[1].pk}/",
        f"/councillors/{councillors[1].pk}/votes.csv",
    ):
        assert title not in client.get(url).content.decode()
    assert api.get(f"/api/v1/sittings/{sitting.pk}/").status_code == 404
    assert client.get(f"/sittings/{sitting.pk}/").status_code == 404


def test_a_councillors_page_costs_the_same_queries_for_one_vote_or_many(
    open_sitting, councillors, users
):
    secretariat = users["secretariat"]
    client = Client()

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _sitting, (entry,) = open_sitting()
    services.agenda_entry_vote(
        entry_id=entry.pk, user=secretariat, roll_call=roll_call_of(councillors, {})
    )
    few = count(f"/councillors/{councillors[0].pk}/?year={entry.sitting.starts_at.year}")
    sitting_few = count(f"/sittings/{entry.sitting_id}/")
    sitting, entries = open_sitting(n=6)
    for other in entries:
        services.agenda_entry_vote(
            entry_id=other.pk, user=secretariat, roll_call=roll_call_of(councillors, {0: "against"})
        )
    many = count(f"/councillors/{councillors[0].pk}/?year={entry.sitting.starts_at.year}")
    sitting_many = count(f"/sittings/{sitting.pk}/")
    assert many == few
    assert sitting_many == sitting_few
