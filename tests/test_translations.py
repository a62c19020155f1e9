"""Romanian is the default language: every string of the interface is translated, the compiled
catalogue shipped with the code matches its source, and no cedilla letter slipped in."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "ro" / "LC_MESSAGES"


def entries():
    """(msgid, [msgstr...], flags) of the .po file, header excluded."""
    result, current, field, flags, context = [], None, None, set(), None
    for raw in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            current = {"msgid": ast.literal_eval(line[6:]), "msgstr": [], "flags": flags,
                       "context": context}  # fmt: skip
            field = "msgid"
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr"):
            current["msgstr"].append(ast.literal_eval(line.split(" ", 1)[1]))
            field = "msgstr"
        elif line.startswith('"') and current is not None:
            value = ast.literal_eval(line)
            if field == "msgid":
                current["msgid"] += value
            elif field == "msgstr":
                current["msgstr"][-1] += value
        elif not line and current is not None:
            if current["msgid"]:
                result.append(current)
            current, field, flags, context = None, None, set(), None
    return result


def test_every_string_is_translated_to_romanian():
    untranslated = [e["msgid"] for e in entries() if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert untranslated == []


def test_the_compiled_catalogue_matches_its_source():
    with open(LOCALE / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    for entry in entries():
        if len(entry["msgstr"]) == 1:
            found = (
                catalogue.pgettext(entry["context"], entry["msgid"])
                if entry["context"]
                else catalogue.gettext(entry["msgid"])
            )
            assert found == entry["msgstr"][0], entry["msgid"]


def test_romanian_uses_comma_below_letters():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for cedilla in "şţŞŢ":
        assert cedilla not in text


def test_translation_functions_keep_names_makemessages_knows():
    """`makemessages` finds strings by function name: `_`, `gettext`, `gettext_lazy`, ... A string
    marked through another alias would never reach the catalogue (it happened to a PDF message)."""
    import re

    root = Path(__file__).resolve().parents[1]
    known = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
             "pgettext_lazy", "gettext_noop"}  # fmt: skip
    pattern = re.compile(r"from django\.utils\.translation import ([^\n(]+)")
    wrong = []
    for path in [*root.glob("council/**/*.py"), *root.glob("program/**/*.py"),
                 *root.glob("workflows/**/*.py")]:  # fmt: skip
        for names in pattern.findall(path.read_text(encoding="utf-8")):
            for name in names.split(","):
                alias = name.split(" as ")[-1].strip()
                if "gettext" in name and alias not in known:
                    wrong.append(f"{path.relative_to(root)}: {name.strip()}")
    assert wrong == []
