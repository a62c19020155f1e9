"""Load with writes, on PostgreSQL: anonymous readers, department clerks and the secretariat firing
item transitions through the API, and the secretariat recording votes through the staff pages,
all at once for a fixed time against a live multi-threaded server.

What must hold: no 5xx; every transition answered 200 is in the audit log exactly once (and none
that was refused); every adopted vote is one decision, numbered without gaps; the audit chain is
intact. The figures are printed (`make load-writes` runs it longer, with -s).
"""

from __future__ import annotations

import collections
import os
import random
import re
import statistics
import threading
import time

import pytest
import requests
from django.db import connections
from knox.models import AuthToken

from council.models import Decision
from program.models import AnnualProgram, ItemStatus, ProgramItem, ProgramStatus
from tests.conftest import PASSWORD, behind_the_services
from workflows import audit, clock
from workflows.models import TransitionLog

SECONDS = float(os.environ.get("LOAD_WRITES_SECONDS", "8"))
READERS, VOTERS = 6, 2
# Who works on which transitions (each fires what the API offers it, among these).
WRITERS = {
    "investitii": {"submit", "forward_to_secretariat"},
    "juridica": set(),  # gives its department's input
    "secretariat": {"return_to_draft"},
}


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: collections.Counter = collections.Counter()
        self.by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.transitions: collections.Counter = collections.Counter()
        self.votes_adopted = 0
        self.errors: list[str] = []

    def record(self, kind: str, response: requests.Response, started: float) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            self.by_kind[kind][response.status_code] += 1
            self.latencies[kind].append(time.monotonic() - started)
            if response.status_code >= 500:
                request = response.request
                self.errors.append(
                    f"{response.status_code} {request.method} {request.path_url}: "
                    f"{response.text[:200]}"
                )


def timed(recorder: Recorder, kind: str, call, *args, **kwargs) -> requests.Response:
    started = time.monotonic()
    response = call(*args, **kwargs)
    recorder.record(kind, response, started)
    return response


def reader(base: str, paths: list[str], until: float, recorder: Recorder) -> None:
    session = requests.Session()
    rng = random.Random()
    while time.monotonic() < until:
        timed(recorder, "read", session.get, base + rng.choice(paths), timeout=30)


def writer(base: str, role: str, token: str, items: list[int], until: float, recorder: Recorder):
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {token}", "Accept-Language": "en"})
    rng = random.Random()
    while time.monotonic() < until:
        pk = rng.choice(items)
        if role == "juridica":
            response = timed(
                recorder, "write", session.post, f"{base}/api/v1/items/{pk}/inputs/",
                json={"opinion": "favourable", "text": "De acord."}, timeout=30,
            )  # fmt: skip
            continue
        offered = timed(
            recorder, "write", session.get, f"{base}/api/v1/items/{pk}/transitions/", timeout=30
        )
        if offered.status_code != 200:
            continue
        names = [t["name"] for t in offered.json()["results"] if t["name"] in WRITERS[role]]
        if not names:
            continue
        name = rng.choice(names)
        response = timed(
            recorder, "write", session.post, f"{base}/api/v1/items/{pk}/transitions/{name}/",
            json={"comment": "Încă o rundă."}, timeout=30,
        )  # fmt: skip
        if response.status_code == 200:
            with recorder.lock:
                recorder.transitions[name] += 1


def voter(base: str, sitting_id: int, entries: list[int], until: float, recorder: Recorder):
    session = requests.Session()
    login = session.get(f"{base}/staff/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    session.post(
        f"{base}/staff/login/",
        data={"username": "secretariat", "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=30,
    )
    csrf = session.cookies["csrftoken"]
    for entry_id in entries:
        if time.monotonic() >= until:
            return
        response = timed(
            recorder, "vote", session.post,
            f"{base}/staff/council/sittings/{sitting_id}/entries/{entry_id}/vote/",
            data={"present": 25, "votes_for": 20, "votes_against": 3, "abstentions": 2,
                  "csrfmiddlewaretoken": csrf},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        if response.status_code == 302:
            with recorder.lock:
                recorder.votes_adopted += 1


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] * 1000 if len(values) >= 20 else float("nan")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reads_transitions_and_votes_at_once_stay_correct(
    live_server,
    users,
    make_item,
    bring_to,
    council_decision,
    open_sitting,
):
    published = bring_to(make_item(title="Punct publicat"), ItemStatus.PUBLISHED)
    with behind_the_services():
        AnnualProgram.objects.filter(pk=published.program_id).update(
            status=ProgramStatus.PUBLISHED, published_at=clock.now()
        )
    items = [make_item(title=f"Punct {n}").pk for n in range(24)]
    sitting, entries = open_sitting(30)
    tokens = {role: AuthToken.objects.create(users[role])[1] for role in WRITERS}
    logged_before = TransitionLog.objects.count()
    year = published.program.year
    paths = ["/", "/calendar/", f"/program/{year}/", f"/items/{published.pk}/", "/healthz",
             "/api/v1/items/", f"/api/v1/items/{published.pk}/", "/api/v1/decisions/",
             "/api/v1/sittings/", "/api/v1/audit-log/head/"]  # fmt: skip
    connections.close_all()  # the server's threads use their own connections

    recorder = Recorder()
    base = live_server.url
    until = time.monotonic() + SECONDS
    entry_ids = [entry.pk for entry in entries]
    threads = [threading.Thread(target=reader, args=(base, paths, until, recorder))
               for _ in range(READERS)]  # fmt: skip
    threads += [
        threading.Thread(target=writer, args=(base, role, token, items, until, recorder))
        for role, token in tokens.items()
    ]
    threads += [
        threading.Thread(
            target=voter, args=(base, sitting.pk, entry_ids[i::VOTERS], until, recorder)
        )
        for i in range(VOTERS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    total = sum(recorder.statuses.values())
    print(
        f"\nload with writes: {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s); "
        f"statuses {dict(sorted(recorder.statuses.items()))}; "
        f"transitions {dict(recorder.transitions)}; votes adopted {recorder.votes_adopted}; "
        + "; ".join(
            f"{kind} p95 {p95(values):.0f} ms (n={len(values)})"
            for kind, values in recorder.latencies.items()
        )
    )
    assert recorder.errors == []
    assert set(recorder.by_kind["read"]) == {200}, recorder.by_kind["read"]
    assert sum(recorder.transitions.values()) > 0 and recorder.votes_adopted > 0

    # Every successful transition is logged exactly once; refused ones are not logged.
    item_type = TransitionLog.objects.for_object(published).first().content_type
    logged = collections.Counter(
        TransitionLog.objects.filter(content_type=item_type, object_id__in=items)
        .exclude(transition="create")
        .values_list("transition", flat=True)
    )
    assert logged == recorder.transitions
    # Each item's state is the target of its last log row.
    for item in ProgramItem.objects.filter(pk__in=items):
        last = TransitionLog.objects.for_object(item).order_by("-id").first()
        assert last.target == item.status
    # Votes: one decision each, numbered 1..n.
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(1, recorder.votes_adopted + 1))
    assert TransitionLog.objects.count() > logged_before
    assert audit.verify().intact
