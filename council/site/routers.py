"""Anonymous public reads from the read replica, everything else from the primary.

The router cannot see the request, so `council.site.middleware.PublicReadMiddleware` marks the
requests that may read from the replica: GET and HEAD requests without a session or an
Authorization header, outside the staff pages and the admin. Staff always read the primary, so
they see their own writes at once; the public may see a change a moment after it commits (the
replica's lag), which is what a public page cached for a few minutes shows anyway.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


@contextmanager
def public_reads() -> Iterator[None]:
    """Within this block, reads go to the replica when one is configured."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


class PublicReadRouter:
    def db_for_read(self, model, **hints):
        alias = settings.PUBLIC_READ_DATABASE
        if alias and _public_read.get():
            return alias
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Only the primary is migrated; the replica follows it by replication.
        return db == "default"
