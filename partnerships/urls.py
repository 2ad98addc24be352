from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.CooperationView.as_view(), name="cooperation"),
    path("gradove/<slug:slug>/", views.PartnerCityDetailView.as_view(), name="city_detail"),
]
