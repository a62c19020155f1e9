"""What the council's registers announce once it has happened, for whoever must follow up (the
publication PDFs, for one). Sent inside the transaction that made the change: a receiver with
effects outside the database defers them with transaction.on_commit."""

from django.dispatch import Signal

# A sitting was convened: its agenda is public. `sitting` (a Sitting).
sitting_convened = Signal()
