from django.urls import path

from . import exports, feeds, views

app_name = "partnerships"

city_export = {
    "export": exports.city_records,
    "fields": exports.CITY_FIELDS,
    "filename": "partner-cities",
}
initiative_export = {
    "export": exports.initiative_records,
    "fields": exports.INITIATIVE_FIELDS,
    "filename": "initiatives",
}

urlpatterns = [
    path("", views.CooperationView.as_view(), name="cooperation"),
    path("gradove/", views.CityListView.as_view(), name="city_list"),
    path("gradove/hronologiya/", views.TimelineView.as_view(), name="timeline"),
    path(
        "gradove/partner-cities.json", views.ExportView.as_view(**city_export), name="cities_json"
    ),
    path(
        "gradove/partner-cities.csv",
        views.ExportView.as_view(**city_export, format="csv"),
        name="cities_csv",
    ),
    path("gradove/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("initsiativi/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initsiativi/rss.xml", feeds.InitiativesFeed(), name="initiative_feed_rss"),
    path("initsiativi/atom.xml", feeds.InitiativesAtomFeed(), name="initiative_feed_atom"),
    path(
        "initsiativi/initiatives.json",
        views.ExportView.as_view(**initiative_export),
        name="initiatives_json",
    ),
    path(
        "initsiativi/initiatives.csv",
        views.ExportView.as_view(**initiative_export, format="csv"),
        name="initiatives_csv",
    ),
    path(
        "initsiativi/<slug:slug>/", views.InitiativeDetailView.as_view(), name="initiative_detail"
    ),
    path("organizatsii/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("dokumenti/", views.DocumentListView.as_view(), name="document_list"),
    path("predlozhenie/", views.proposal_form, name="proposal"),
    path("predlozhenie/blagodarim/", views.proposal_thanks, name="proposal_thanks"),
]
