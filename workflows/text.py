"""Text at the door and on the way out.

At the door, every text a person types is checked: no control characters (a long text may hold
new lines and tabs), and a length limit, each refusal saying what is wrong. Forms and serializers
get the checks from `CleanTextForm` and `clean_text_fields`; models from their fields' validators.

On the way out, what goes into XML (feeds) is stripped of the characters XML 1.0 cannot carry,
and what goes into a spreadsheet cell cannot start a formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
# Long texts (descriptions, statements, comments): generous, but not unlimited.
LONG_TEXT_MAX = 20_000


def _where(value: str, match: re.Match) -> str:
    return _("a control character (U+%(code)04X) at position %(position)s") % {
        "code": ord(match.group()),
        "position": match.start() + 1,
    }


def validate_long_text(value: str) -> None:
    """New lines and tabs are fine; other control characters are not."""
    if not isinstance(value, str):
        return
    if match := CONTROL.search(value):
        raise ValidationError(
            _("The text contains %(what)s: remove it (it is often pasted by accident)."),
            code="control_character",
            params={"what": _where(value, match)},
        )
    if len(value) > LONG_TEXT_MAX:
        raise ValidationError(
            _("At most %(limit)s characters (this text has %(length)s)."),
            code="max_length",
            params={"limit": LONG_TEXT_MAX, "length": len(value)},
        )


def validate_single_line(value: str) -> None:
    """A title or a name: one line, no control characters."""
    if not isinstance(value, str):
        return
    validate_long_text(value)
    if LINE_BREAK.search(value):
        raise ValidationError(
            _("This must be a single line: remove the line breaks and tabs."), code="single_line"
        )


def validator_for(max_length: int | None, multiline: bool) -> Callable[[str], None]:
    return validate_long_text if multiline or max_length is None else validate_single_line


class CleanTextForm(forms.Form):
    """Every text field of the form is checked: single-line fields (text inputs) and long texts
    (text areas) alike; long texts also get a maximum length when they have none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.HiddenInput
            ):
                multiline = isinstance(field.widget, forms.Textarea)
                if multiline and field.max_length is None:
                    field.max_length = LONG_TEXT_MAX
                    field.validators.append(django_max_length(LONG_TEXT_MAX))
                    field.widget.attrs.setdefault("maxlength", str(LONG_TEXT_MAX))
                field.validators.append(validator_for(field.max_length, multiline))


def django_max_length(limit: int):
    from django.core.validators import MaxLengthValidator

    return MaxLengthValidator(limit)


def clean_text_fields(fields: dict) -> dict:
    """The same checks on a DRF serializer's fields (`get_fields`): a CharField with a maximum
    length is a single line, one without is a long text (and gets LONG_TEXT_MAX)."""
    from rest_framework import serializers

    for field in fields.values():
        if isinstance(field, serializers.CharField) and not field.read_only:
            if field.max_length is None:
                field.max_length = LONG_TEXT_MAX
                field.validators.append(django_max_length(LONG_TEXT_MAX))
                field.validators.append(validate_long_text)
            else:
                field.validators.append(validate_single_line)
        elif isinstance(field, serializers.ListField) and isinstance(
            field.child, serializers.CharField
        ):
            field.child.validators.append(validate_single_line)
    return fields


def whole_number(value: str | None, *, digits: int = 9) -> int | None:
    """A query parameter that must be a whole number: digits 0-9 only ("²" is a digit to Python
    but not a number to int()), at most `digits` of them; None for anything else."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > digits:
        return None
    return int(value)


# The way out ----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (a feed with one of them is not XML).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text or "")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP CSV injection)."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell
