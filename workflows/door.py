"""The door of the council's record: on PostgreSQL, the registers' tables refuse every insert,
update and delete made outside a service.

A service enters `workflows.audit.writing()`, which opens the door for its transaction (a
transaction-local setting) and logs what it changes in the hash-chained audit log. A write that
does not come through a service (the Django admin, a shell, a bulk update in new code, raw SQL)
finds the door shut and is refused by the database itself, so the record cannot change without a
log row. SQLite, the demo database, has no such triggers: there the services are the only door
by convention, and the admin shows the registers read-only.

The triggers are declared with django-pgtrigger: on a register model, `triggers = [door()]` in its
Meta; on the table of a many-to-many link, `protect_links(Model.field)`. They are installed by
`migrate` (PGTRIGGER_INSTALL_ON_MIGRATE).
"""

from __future__ import annotations

import pgtrigger
from django.db import models

from workflows.audit import DOOR_SETTING

NAME = "only_through_services"

FUNCTION = f"""
    IF coalesce(current_setting('{DOOR_SETTING}', true), '') <> 'open' THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'The council''s record changes only through its services, which check '
                      'and log every change: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused.';
    END IF;
    RETURN NULL;
"""


def door() -> pgtrigger.Trigger:
    """The trigger that keeps a register's table shut outside the services."""
    return pgtrigger.Trigger(
        name=NAME,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=FUNCTION,
    )


def protect_links(field: models.ManyToManyField | object) -> None:
    """The same door on the table of a many-to-many link (`Model.field`)."""
    through = field.through  # type: ignore[attr-defined]
    pgtrigger.register(door())(through)
