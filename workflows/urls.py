from django.contrib.auth import views as auth_views
from django.urls import path

from workflows import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("items/new/", views.item_new, name="item-new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/transition/", views.item_transition, name="item-transition"),
    path("items/<int:pk>/input/", views.item_input, name="item-input"),
    path("programs/<int:year>/", views.program_detail, name="program"),
    path("programs/<int:year>/approve/", views.program_approve_view, name="program-approve"),
    path("programs/<int:year>/publish/", views.program_publish_view, name="program-publish"),
]
