"""Background tasks (django-tasks): rendering the publication PDFs.

With TASK_BACKEND=database the tasks are queued in PostgreSQL and run by `manage.py db_worker`,
outside the web processes; with the default backend they run at once, after the commit, in the
process that enqueued them (the demo and the tests).
"""

import logging

from django_tasks import task

from council.models import Sitting
from council.web.pdf import ensure_agenda_pdf, ensure_program_pdf
from program.models import AnnualProgram, ProgramStatus

logger = logging.getLogger(__name__)


@task()
def render_program_pdf(year: int) -> str:
    program = AnnualProgram.objects.filter(year=year, status=ProgramStatus.PUBLISHED).first()
    if program is None:
        return "no published program"
    return ensure_program_pdf(program, render_here=True).document.sha256


@task()
def render_agenda_pdf(sitting_id: int) -> str:
    sitting = Sitting.objects.public().filter(pk=sitting_id).first()
    if sitting is None:
        return "no public sitting"
    return ensure_agenda_pdf(sitting, render_here=True).document.sha256
