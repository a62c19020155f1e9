"""`/oparl/v1/`: stable addresses, one per object, that never change (CONTRACT.md)."""

from django.urls import path

from council.oparl import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.bodies, name="bodies"),
    path("body/<str:body>/", views.body, name="body"),
    path("body/<str:body>/<str:kind>/", views.listing, name="list"),
    path("<str:kind>/<str:key>/", views.one, name="object"),
]
