from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("tarsene/", views.SiteSearchView.as_view(), name="search"),
    path("dostapnost/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("otvoreni-danni/", views.OpenDataView.as_view(), name="open_data"),
    path(
        "otvoreni-danni/catalog.ttl",
        views.CatalogueFileView.as_view(format="turtle"),
        name="catalogue_turtle",
    ),
    path(
        "otvoreni-danni/catalog.jsonld",
        views.CatalogueFileView.as_view(format="json-ld"),
        name="catalogue_json_ld",
    ),
]
