"""Correct Romanian from the libraries' own catalogues: comma-below ș and ț (Django's Romanian
messages use the cedilla forms ş and ţ), no space before a full stop or a comma, and month names
in lower case, as Romanian writes them mid-sentence ("20 decembrie 2025"). The corrected
messages are written into this project's catalogue (LOCALE_PATHS), which Django reads before the
libraries'; `make messages` runs this before compiling. Needs polib (the test extras)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from workflows.management.romanian import MISSING

CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
STRAY_SPACE = re.compile(r"(?<=\S) +(?=[.,](?:\s|$))")
MARK = "corrected Romanian of a library message (manage.py romanian_overrides)"


MONTH_CONTEXTS = {"alt. month", "abbrev. month"}


def corrected(text: str, context: str | None = None) -> str:
    text = STRAY_SPACE.sub("", text.translate(CEDILLA))
    return text.lower() if context in MONTH_CONTEXTS else text


def library_catalogues(domain: str) -> list[Path]:
    import django

    roots = {Path(django.__file__).resolve().parent.parent}
    found: list[Path] = []
    for root in roots:
        found += sorted(root.glob(f"**/locale/ro/LC_MESSAGES/{domain}.po"))
    ours = {Path(path).resolve() for path in settings.LOCALE_PATHS}
    return [path for path in found if not ours & set(path.resolve().parents)]


class Command(BaseCommand):
    help = "Write corrected Romanian (ș, ț, no stray spaces) for the libraries' messages."

    def handle(self, *args, **options):
        import polib

        for domain in ("django", "djangojs"):
            target = Path(settings.LOCALE_PATHS[0]) / "ro" / "LC_MESSAGES" / f"{domain}.po"
            ours = polib.pofile(str(target)) if target.exists() else polib.POFile()
            if not target.exists():
                ours.metadata = {
                    "Content-Type": "text/plain; charset=UTF-8",
                    "Language": "ro",
                    "Plural-Forms": "nplurals=3; plural=(n==1?0:(((n%100>19)||((n%100==0)&&"
                    "(n!=0)))?2:1));",
                }
            corrections = {}
            for catalogue in library_catalogues(domain):
                for entry in polib.pofile(str(catalogue)):
                    if entry.obsolete or not entry.translated():
                        continue
                    texts = [entry.msgstr, *entry.msgstr_plural.values()]
                    if all(corrected(t, entry.msgctxt) == t for t in texts):
                        continue
                    corrections.setdefault((entry.msgctxt, entry.msgid), entry)
            for context, msgid, msgstr in MISSING[domain]:
                singular, plural = msgid if isinstance(msgid, tuple) else (msgid, "")
                entry = polib.POEntry(msgctxt=context, msgid=singular, msgid_plural=plural)
                if plural:
                    entry.msgstr_plural = dict(enumerate(msgstr))
                else:
                    entry.msgstr = msgstr
                corrections[(context, singular)] = entry
            # makemessages marks them obsolete (they are not in this project's sources): revive.
            for entry in [e for e in ours if e.obsolete and (e.msgctxt, e.msgid) in corrections]:
                ours.remove(entry)
            known = {(e.msgctxt, e.msgid) for e in ours}
            added = 0
            for key, entry in corrections.items():
                if key in known:
                    continue
                ours.append(
                    polib.POEntry(
                        msgctxt=entry.msgctxt,
                        msgid=entry.msgid,
                        msgid_plural=entry.msgid_plural,
                        msgstr=corrected(entry.msgstr, entry.msgctxt),
                        msgstr_plural={
                            k: corrected(v, entry.msgctxt) for k, v in entry.msgstr_plural.items()
                        },
                        comment=MARK,
                    )
                )
                added += 1
            target.parent.mkdir(parents=True, exist_ok=True)
            ours.save(str(target))
            self.stdout.write(f"{target}: {added} corrected messages added")
