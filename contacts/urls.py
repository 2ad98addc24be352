from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("directory.vcf", views.DirectoryVCardView.as_view(), name="directory_vcard"),
    path("directory.csv", views.DirectoryExportView.as_view(format="csv"), name="directory_csv"),
    path("directory.json", views.DirectoryExportView.as_view(format="json"), name="directory_json"),
    path("closures.ics", views.ClosuresCalendarView.as_view(), name="closures_ics"),
    path("<slug:slug>/", views.OfficeDetailView.as_view(), name="office_detail"),
    path("<slug:slug>/vcard.vcf", views.OfficeVCardView.as_view(), name="office_vcard"),
]
