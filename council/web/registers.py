"""Public pages of the council's sittings and decisions."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from council.models import AgendaEntry, Decision
from council.selectors import public_sittings
from council.web.http import conditional_page
from program.models import ItemStatus


@conditional_page
def sitting_page(request, pk: int):
    entries = AgendaEntry.objects.select_related("draft__item", "draft__decision").order_by(
        "position"
    )
    sitting = get_object_or_404(
        public_sittings().prefetch_related(Prefetch("entries", queryset=entries)), pk=pk
    )
    return render(
        request,
        "public/sitting.html",
        {"sitting": sitting, "published": ItemStatus.PUBLISHED},
    )


@conditional_page
def decision_page(request, year: int, number: int):
    decision = get_object_or_404(
        Decision.objects.select_related("sitting", "draft", "item"), year=year, number=number
    )
    return render(
        request, "public/decision.html", {"decision": decision, "published": ItemStatus.PUBLISHED}
    )
