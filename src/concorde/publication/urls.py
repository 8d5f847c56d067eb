from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import path

from . import data_views, views
from .feeds import PortalPages, PublishedConventions, PublishedDeliberations, PublishedUpdates

app_name = "publication"

urlpatterns = [
    path("conventions/<int:pk>/publication/<int:party_pk>/", views.choose, name="choose-publication"),
    path("public/", views.portal, name="portal"),
    path("public/flux.atom", PublishedUpdates(), name="public-feed"),
    path(
        "sitemap.xml",
        sitemap_view,
        {
            "sitemaps": {
                "portail": PortalPages,
                "conventions": PublishedConventions,
                "deliberations": PublishedDeliberations,
            }
        },
        name="sitemap",
    ),
    path("public/conventions/<int:pk>/", views.public_convention, name="public-convention"),
    path("public/conventions/<int:pk>/documents/<int:doc_pk>/", views.public_document, name="public-document"),
    path(
        "public/conventions/<int:pk>/documents/<int:doc_pk>/pdf/",
        views.public_document,
        {"as_pdf": True},
        name="public-document-pdf",
    ),
    path("public/deliberations/<int:pk>/", data_views.public_deliberation, name="public-deliberation"),
    path("public/donnees/", data_views.open_data, name="open-data"),
    path("public/donnees/datapackage.json", data_views.data_package, name="open-data-package"),
    path("public/donnees/<slug:name>.<str:fmt>", data_views.dataset, name="open-dataset"),
    path("public/donnees/<slug:name>/schema.json", data_views.dataset_schema, name="open-dataset-schema"),
]
