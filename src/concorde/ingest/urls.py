from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/suivi/", views.imports, name="imports"),
    path("import/suivi/<int:job_pk>/annuler/", views.cancel, name="import-cancel"),
    path("import/suivi/<int:job_pk>/relancer/", views.retry, name="import-retry"),
]
