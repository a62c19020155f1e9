from django.contrib.auth import views as auth_views
from django.urls import path

from council.staff import accounts, composition, guide, roll_call, transparency
from council.staff import documents as staff_documents
from council.staff import items as views
from council.staff import registers as council

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", accounts.StaffLoginView.as_view(), name="login"),
    path("otp/", accounts.otp_setup, name="otp-setup"),
    path("tokens/", accounts.api_tokens, name="api-tokens"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("guide/", guide.guide, name="guide"),
    path("guide/images/<str:name>", guide.guide_image, name="guide-image"),
    path("guide/<slug:slug>/", guide.guide, name="guide-chapter"),
    path("items/new/", views.item_new, name="item-new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/transition/", views.item_transition, name="item-transition"),
    path("items/<int:pk>/input/", views.item_input, name="item-input"),
    path("items/<int:pk>/change/", views.item_change, name="item-change"),
    path(
        "items/<int:pk>/change/<int:change>/withdraw/",
        views.item_change_withdraw_view,
        name="item-change-withdraw",
    ),
    path("programs/open/", views.program_open_view, name="program-open"),
    path("programs/<int:year>/", views.program_detail, name="program"),
    path("programs/<int:year>/approve/", views.program_approve_view, name="program-approve"),
    path("programs/<int:year>/publish/", views.program_publish_view, name="program-publish"),
    path("documents/<str:record>/<int:pk>/", staff_documents.documents, name="documents"),
    path(
        "documents/<str:record>/<int:pk>/<int:document_id>/withhold/",
        staff_documents.withhold,
        name="document-withhold",
    ),
    path("council/", council.overview, name="council"),
    path("council/transparency/", transparency.transparency, name="council-transparency-now"),
    path(
        "council/transparency/<int:year>/",
        transparency.transparency,
        name="council-transparency",
    ),
    path(
        "council/transparency/<int:year>/court-actions/",
        transparency.court_actions,
        name="council-transparency-court",
    ),
    path("council/drafts/", council.drafts, name="council-drafts"),
    path("council/drafts/new/", council.draft_new, name="council-draft-new"),
    path("council/drafts/<int:pk>/", council.draft_detail, name="council-draft"),
    path(
        "council/drafts/<int:pk>/transition/",
        council.draft_transition,
        name="council-draft-transition",
    ),
    path(
        "council/drafts/<int:pk>/consultation/",
        council.draft_consultation,
        name="council-draft-consultation",
    ),
    path("council/drafts/<int:pk>/opinion/", council.draft_opinion, name="council-draft-opinion"),
    path(
        "council/drafts/<int:pk>/recommendations/",
        council.draft_recommendation_register,
        name="council-recommendation-register",
    ),
    path(
        "council/drafts/<int:pk>/recommendations/<int:recommendation_id>/answer/",
        council.recommendation_answer,
        name="council-recommendation-answer",
    ),
    path("council/drafts/<int:pk>/agenda/", council.draft_agenda, name="council-draft-agenda"),
    path("council/sittings/", council.sittings, name="council-sittings"),
    path("council/sittings/<int:pk>/", council.sitting_detail, name="council-sitting"),
    path(
        "council/sittings/<int:pk>/transition/",
        council.sitting_transition,
        name="council-sitting-transition",
    ),
    path(
        "council/sittings/<int:pk>/convene/",
        council.sitting_convene,
        name="council-sitting-convene",
    ),
    path(
        "council/sittings/<int:pk>/attendance/",
        roll_call.sitting_attendance,
        name="council-sitting-attendance",
    ),
    path(
        "council/sittings/<int:pk>/roll-call/import/",
        roll_call.roll_call_upload,
        name="council-roll-call-upload",
    ),
    path(
        "council/sittings/<int:pk>/agenda-vote/",
        council.sitting_agenda_vote,
        name="council-sitting-agenda-vote",
    ),
    path(
        "council/sittings/<int:pk>/reschedule/",
        council.sitting_reschedule,
        name="council-sitting-reschedule",
    ),
    path(
        "council/sittings/<int:pk>/entries/<int:entry_id>/take-note/",
        council.entry_take_note,
        name="council-entry-take-note",
    ),
    path(
        "council/sittings/<int:pk>/entries/<int:entry_id>/correct/",
        roll_call.entry_roll_call_correct,
        name="council-entry-correct",
    ),
    path(
        "council/sittings/<int:pk>/entries/<int:entry_id>/vote/",
        roll_call.entry_roll_call,
        name="council-entry-vote",
    ),
    path(
        "council/sittings/<int:pk>/entries/<int:entry_id>/without-vote/",
        council.entry_without_vote,
        name="council-entry-without-vote",
    ),
    path("council/councillors/", composition.councillors, name="council-councillors"),
    path("council/councillors/validate/", composition.validate, name="council-mandate-validate"),
    path("council/councillors/end/", composition.end, name="council-mandate-end"),
    path("council/memberships/join/", composition.join, name="council-membership-join"),
    path(
        "council/memberships/<int:pk>/leave/",
        composition.leave,
        name="council-membership-leave",
    ),
    path("council/decisions/", council.decisions, name="council-decisions"),
    path("council/decisions/<int:pk>/", council.decision_detail, name="council-decision"),
    path(
        "council/decisions/<int:pk>/transition/",
        council.decision_transition,
        name="council-decision-transition",
    ),
    path("council/decisions/<int:pk>/link/", council.decision_link, name="council-decision-link"),
]
