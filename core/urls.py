from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("tarsene/", views.SiteSearchView.as_view(), name="search"),
    path("dostapnost/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
