"""What the planning announces once it has happened, for whoever must follow up (the publication
PDFs, for one). Sent inside the transaction that made the change: a receiver with effects outside
the database defers them with transaction.on_commit."""

from django.dispatch import Signal

# A version of an annual program was published: `program` (an AnnualProgram).
program_published = Signal()
