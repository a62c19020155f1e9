"""The electronic voting system's export, imported as the sitting's roll calls.

The file is CSV (comma or semicolon, UTF-8 with or without BOM), one row per councillor and agenda
entry, with a header naming the columns `entry` (the position on the agenda), `councillor` (the
councillor's id in this service, or their name exactly as registered) and `vote` (`for`,
`against`, `abstention`, `absent`, `not_voting`, or the Romanian words `pentru`, `împotrivă`,
`abținere`, `absent`, `nu votează`). Every line is checked and every problem reported with its
line number; the votes are recorded all together or not at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from council import services
from council.files import fold
from council.models import AgendaEntry, Councillor, Sitting
from workflows.errors import Invalid, WorkflowError

COLUMNS = ("entry", "councillor", "vote")
VOTES = {
    "for": "for",
    "pentru": "for",
    "against": "against",
    "impotriva": "against",
    "abstention": "abstention",
    "abtinere": "abstention",
    "absent": "absent",
    "not_voting": "not_voting",
    "nu voteaza": "not_voting",
    "nu participa la vot": "not_voting",
}
MAX_BYTES = 1_000_000


def parse(data: bytes | str, *, sitting: Sitting) -> dict[int, dict[int, str]]:
    """{entry position: {councillor id: vote}} from the file, or Invalid with every problem."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise Invalid(_("The file is larger than 1 MB: it cannot be a roll-call export."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise Invalid(_("The file is not UTF-8 text: export it as CSV in UTF-8.")) from error
    text = data.lstrip("\ufeff")
    if not text.strip():
        raise Invalid(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [fold(name or "").strip() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise Invalid(
            _("The first line must name the columns entry, councillor and vote; missing: "
              "%(columns)s.") % {"columns": ", ".join(missing)}
        )  # fmt: skip
    reader.fieldnames = header
    positions = {e.position: e for e in sitting.entries.all()}
    councillors = list(Councillor.objects.all())
    by_id = {str(c.pk): c for c in councillors}
    by_name: dict[str, list[Councillor]] = defaultdict(list)
    for councillor in councillors:
        by_name[fold(councillor.name).strip()].append(councillor)
    problems: list[str] = []
    calls: dict[int, dict[int, str]] = defaultdict(dict)
    for row in reader:
        line = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        cells = {column: (row.get(column) or "").strip() for column in COLUMNS}
        errors = []
        position = int(cells["entry"]) if cells["entry"].isdigit() else None
        if position is None or position not in positions:
            errors.append(
                _("no agenda entry “%(entry)s” in this sitting") % {"entry": cells["entry"]}
            )
        name = cells["councillor"]
        found = [by_id[name]] if name in by_id else by_name.get(fold(name).strip(), [])
        if not found:
            errors.append(_("no councillor “%(name)s”") % {"name": name})
        elif len(found) > 1:
            errors.append(_("two councillors are named “%(name)s”: use the id") % {"name": name})
        vote = VOTES.get(fold(cells["vote"]).strip())
        if vote is None:
            errors.append(_("unknown vote “%(vote)s”") % {"vote": cells["vote"]})
        if not errors:
            councillor = found[0]
            if councillor.pk in calls[position]:
                errors.append(
                    _("%(name)s has a second vote on entry %(entry)s")
                    % {"name": councillor.name, "entry": position}
                )
            else:
                calls[position][councillor.pk] = vote
        problems += [
            _("Line %(line)s: %(error)s.") % {"line": line, "error": error} for error in errors
        ]
    if problems:
        raise Invalid(_("Nothing was recorded; correct the file:"), problems=problems)
    if not calls:
        raise Invalid(_("The file has no votes."))
    return dict(calls)


def roll_call_import(
    *, sitting_id: int, user: Any, data: bytes | str, at: dt.datetime | None = None
) -> list[AgendaEntry]:
    """Record the roll calls of the file, entry by entry, all or nothing."""
    services.require_secretariat(user)
    sitting = Sitting.objects.get(pk=sitting_id)
    calls = parse(data, sitting=sitting)
    positions = {e.position: e for e in sitting.entries.all()}
    recorded, problems = [], []
    with transaction.atomic():
        for position in sorted(calls):
            try:
                with transaction.atomic():
                    recorded.append(
                        services.agenda_entry_vote(
                            entry_id=positions[position].pk,
                            user=user,
                            roll_call=calls[position],
                            at=at,
                        )
                    )
            except WorkflowError as error:
                problems.append(
                    _("Entry %(entry)s: %(error)s") % {"entry": position, "error": error}
                )
        if problems:
            raise Invalid(_("Nothing was recorded; correct the file:"), problems=problems)
    return recorded
