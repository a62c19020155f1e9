"""The REST API, mounted under /api/v1/."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from council.api import planning_views as views
from council.api import views as council_views
from council.api.auth import LogoutAllView, LogoutView, TokenView
from workflows.api.views import AuditHeadView

app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    # Revoke the token the request is made with, or every token of its user.
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="logout-all"),
    path("items/", views.ItemListCreateView.as_view(), name="item-list"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path(
        "items/<int:pk>/transitions/", views.ItemTransitionsView.as_view(), name="item-transitions"
    ),
    path(
        "items/<int:pk>/transitions/<str:name>/",
        views.ItemTransitionFireView.as_view(),
        name="item-transition-fire",
    ),
    path("items/<int:pk>/inputs/", views.ItemInputsView.as_view(), name="item-inputs"),
    path("items/<int:pk>/history/", views.ItemHistoryView.as_view(), name="item-history"),
    path("programs/", views.ProgramListView.as_view(), name="program-list"),
    path("programs/<int:year>/", views.ProgramDetailView.as_view(), name="program-detail"),
    path(
        "programs/<int:year>/approve/", views.ProgramApproveView.as_view(), name="program-approve"
    ),
    path(
        "programs/<int:year>/publish/", views.ProgramPublishView.as_view(), name="program-publish"
    ),
    path("strategies/", views.StrategyListView.as_view(), name="strategy-list"),
    path("strategies/<slug:slug>/", views.StrategyDetailView.as_view(), name="strategy-detail"),
    path("objectives/", views.ObjectiveListView.as_view(), name="objective-list"),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("councillors/", council_views.CouncillorListView.as_view(), name="councillor-list"),
    path(
        "councillors/<int:pk>/",
        council_views.CouncillorDetailView.as_view(),
        name="councillor-detail",
    ),
    path("committees/", council_views.CommitteeListView.as_view(), name="committee-list"),
    path(
        "committees/<slug:slug>/",
        council_views.CommitteeDetailView.as_view(),
        name="committee-detail",
    ),
    path("sittings/", council_views.SittingListView.as_view(), name="sitting-list"),
    path("sittings/<int:pk>/", council_views.SittingDetailView.as_view(), name="sitting-detail"),
    path("drafts/", council_views.DraftListView.as_view(), name="draft-list"),
    path("drafts/<int:pk>/", council_views.DraftDetailView.as_view(), name="draft-detail"),
    path("consultations/", council_views.ConsultationListView.as_view(), name="consultation-list"),
    path(
        "consultations/<int:pk>/",
        council_views.ConsultationDetailView.as_view(),
        name="consultation-detail",
    ),
    path(
        "consultations/<int:pk>/recommendations/",
        council_views.RecommendationCreateView.as_view(),
        name="consultation-recommendations",
    ),
    path(
        "consultations/<int:pk>/debate-requests/",
        council_views.DebateRequestCreateView.as_view(),
        name="consultation-debate-requests",
    ),
    path(
        "transparency-reports/<int:year>/",
        council_views.TransparencyReportView.as_view(),
        name="transparency-report",
    ),
    path("decisions/", council_views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<int:pk>/", council_views.DecisionDetailView.as_view(), name="decision-detail"),
    path("documents/", council_views.DocumentListView.as_view(), name="document-list"),
    path("documents/<int:pk>/", council_views.DocumentDetailView.as_view(), name="document-detail"),
    path(
        "drafts/<int:pk>/documents/",
        council_views.DocumentUploadView.as_view(record="draft"),
        name="draft-documents",
    ),
    path(
        "decisions/<int:pk>/documents/",
        council_views.DocumentUploadView.as_view(record="decision"),
        name="decision-documents",
    ),
    path(
        "sittings/<int:pk>/documents/",
        council_views.DocumentUploadView.as_view(record="sitting"),
        name="sitting-documents",
    ),
    path(
        "programs/<int:year>/documents/",
        council_views.DocumentUploadView.as_view(record="program", lookup="year"),
        name="program-documents",
    ),
    path("audit-log/head/", AuditHeadView.as_view(), name="audit-head"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles: allowed on this page only (it shows no data of its own).
    path(
        "docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
