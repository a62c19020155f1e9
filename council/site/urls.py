from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from council.site.health import bad_request, healthz, not_found, server_error
from council.web import (
    alerts,
    councillors,
    documents,
    feeds,
    participation,
    pdf_views,
    transparency,
)
from council.web import registers as public_views
from council.web import views as public

urlpatterns = [
    path("", public.home, name="home"),
    path("calendar/", public.calendar_now, name="calendar"),
    path("calendar/<int:year>/<int:month>/", public.calendar_month, name="calendar-month"),
    path("calendar.ics", feeds.calendar_ics, name="calendar-ics"),
    path("feed.atom", feeds.feed_atom, name="feed-atom"),
    path("program/<int:year>/", public.program_page, name="program-page"),
    path("program/<int:year>.pdf", pdf_views.program_pdf, name="program-pdf"),
    path("sittings/<int:pk>/agenda.pdf", pdf_views.agenda_pdf, name="agenda-pdf"),
    path("items/<int:pk>/", public.item_page, name="item"),
    path("sittings/<int:pk>/", public_views.sitting_page, name="sitting"),
    path("mol/", public_views.mol_page, name="mol"),
    path("sittings/", public_views.sittings_page, name="sittings"),
    path("sittings/feed.atom", feeds.sittings_atom, name="sittings-atom"),
    path("decisions/", public_views.decisions_page, name="decisions"),
    path("decisions/feed.atom", feeds.decisions_atom, name="decisions-atom"),
    path("consultations/", participation.consultations_page, name="consultations"),
    path("consultations/<int:pk>/", participation.consultation_page, name="consultation"),
    path(
        "consultations/confirm/<str:token>/",
        participation.consultation_confirm,
        name="consultation-confirm",
    ),
    path("alerts/", alerts.alerts_page, name="alerts"),
    path("alerts/confirm/<str:token>/", alerts.alerts_confirm, name="alerts-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.alerts_unsubscribe, name="alerts-unsubscribe"),
    path("privacy/", public.privacy, name="privacy"),
    path("transparency/", transparency.transparency_latest, name="transparency-latest"),
    path("transparency/<int:year>/", transparency.transparency_page, name="transparency"),
    path("transparency/<int:year>.pdf", transparency.transparency_pdf, name="transparency-pdf"),
    path("drafts/", public_views.drafts_page, name="drafts"),
    path("drafts/feed.atom", feeds.drafts_atom, name="drafts-atom"),
    path("drafts/<int:pk>/", public_views.draft_page, name="draft"),
    path("decisions/<int:year>/<int:number>/", public_views.decision_page, name="decision"),
    path("councillors/", councillors.councillors_page, name="councillors"),
    path("councillors/<int:pk>/", councillors.councillor_page, name="councillor"),
    path(
        "councillors/<int:pk>/votes.csv",
        councillors.councillor_votes_csv,
        name="councillor-votes-csv",
    ),
    path("committees/", councillors.committees_page, name="committees"),
    path("committees/<slug:slug>/", councillors.committee_page, name="committee"),
    path("strategies/", public.strategies, name="strategies"),
    path("strategies/<slug:slug>/", public.strategy_page, name="strategy"),
    path("search/", public.search, name="search"),
    path("documents/<int:pk>/<str:filename>", documents.document_file, name="document"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("staff/", include("council.staff.urls")),
    path("api/v1/", include("council.api.urls", namespace="api")),
    path("oparl/v1/", include("council.oparl.urls", namespace="oparl")),
    # Choosing a language changes nothing but a cookie: no CSRF token, so that public pages can be
    # cached and shared between visitors.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
]

handler400 = bad_request
handler404 = not_found
handler500 = server_error
