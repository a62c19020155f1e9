"""Every public page the benchmarks measure, with the addresses of this database's records, and
the floor: a trivial view behind the same middleware stack (bench/floor_urls.py)."""

from __future__ import annotations

FLOOR = "/bench/floor/"


def public_pages(year: int) -> dict[str, str]:
    """Name -> path of each public page, feed and OParl list, for `year`'s records."""
    from council.models import Committee, Councillor, Decision, DraftDecision, Sitting
    from council.selectors import public_consultations
    from program.models import ProgramItem, Strategy

    item = ProgramItem.objects.published().filter(program__year=year).order_by("pk").first()
    sitting = Sitting.objects.public().order_by("-starts_at").first()
    draft = DraftDecision.objects.order_by("-pk").first()
    decision = Decision.objects.order_by("-adopted_on", "-number").first()
    councillor = Councillor.objects.order_by("pk").first()
    committee = Committee.objects.order_by("pk").first()
    strategy = Strategy.objects.order_by("pk").first()
    consultation = public_consultations().order_by("-pk").first()
    pages = {
        "home": "/",
        "calendar_month": f"/calendar/{year}/6/",
        "program_page": f"/program/{year}/",
        "item_page": f"/items/{item.pk}/" if item else None,
        "feed_atom": "/feed.atom",
        "ics_year": f"/calendar.ics?year={year}",
        "search": "/search/?q=buget+local",
        "strategies": "/strategies/",
        "strategy_page": f"/strategies/{strategy.slug}/" if strategy else None,
        "sittings": "/sittings/",
        "sitting_page": f"/sittings/{sitting.pk}/" if sitting else None,
        "drafts": "/drafts/",
        "draft_page": f"/drafts/{draft.pk}/" if draft else None,
        "decisions": "/decisions/",
        "decision_page": f"/decisions/{decision.year}/{decision.number}/" if decision else None,
        "mol": "/mol/",
        "councillors": "/councillors/",
        "councillor_page": f"/councillors/{councillor.pk}/" if councillor else None,
        "committees": "/committees/",
        "committee_page": f"/committees/{committee.slug}/" if committee else None,
        "consultations": "/consultations/",
        "consultation_page": f"/consultations/{consultation.pk}/" if consultation else None,
        "sittings_atom": "/sittings/feed.atom",
        "decisions_atom": "/decisions/feed.atom",
        "transparency": f"/transparency/{year}/",
        "oparl_system": "/oparl/v1/",
        "oparl_papers": "/oparl/v1/body/1/paper/",
        "oparl_meetings": "/oparl/v1/body/1/meeting/",
        "oparl_files": "/oparl/v1/body/1/file/",
        "oparl_persons": "/oparl/v1/body/1/person/",
    }
    return {name: path for name, path in pages.items() if path}
