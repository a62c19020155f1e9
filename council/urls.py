from django.contrib import admin
from django.urls import include, path

from council.views import healthz, not_found

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("staff/", include("workflows.urls")),
    path("api/v1/", include("council.api_urls", namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = not_found
