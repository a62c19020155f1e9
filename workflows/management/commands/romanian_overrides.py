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

CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
STRAY_SPACE = re.compile(r"(?<=\S) +(?=[.,](?:\s|$))")
MARK = "corrected Romanian of a library message (manage.py romanian_overrides)"


MONTH_CONTEXTS = {"alt. month", "abbrev. month"}

# Messages of the libraries that have no Romanian at all and show in the admin this site grants
# (django-axes' lockouts, lifted by the secretariat and IT).
MISSING = {
    "access attempt": "încercare de autentificare",
    "access attempts": "încercări de autentificare",
    "access attempt expiration": "expirarea unei încercări de autentificare",
    "access attempt expirations": "expirări ale încercărilor de autentificare",
    "access failure": "autentificare eșuată",
    "access failures": "autentificări eșuate",
    "access log": "jurnal de autentificare",
    "access logs": "jurnale de autentificare",
    "User Agent": "Navigator (user agent)",
    "IP Address": "Adresă IP",
    "Username": "Nume de utilizator",
    "HTTP Accept": "Antet HTTP Accept",
    "Path": "Cale",
    "Attempt Time": "Momentul încercării",
    "Access lock out": "Blocare",
    "GET Data": "Date GET",
    "POST Data": "Date POST",
    "Failed Logins": "Autentificări eșuate",
    "Access Attempt": "Încercare de autentificare",
    "Expires At": "Expiră la",
    "The time when access attempt expires and is no longer valid.": (
        "Momentul în care încercarea expiră și nu mai contează."
    ),
    "Logout Time": "Momentul deconectării",
    "Session key hash (sha256)": "Rezumatul cheii sesiunii (sha256)",
    "Locked Out": "Blocat",
    "Form Data": "Datele formularului",
    "Meta Data": "Metadate",
    "Clean up expired attempts": "Șterge încercările expirate",
    "Not set": "Nesetat",
    "Attempt Remaining": "Încercare rămasă",
}


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
            if domain == "django":
                for msgid, msgstr in MISSING.items():
                    corrections.setdefault((None, msgid), polib.POEntry(msgid=msgid, msgstr=msgstr))
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
