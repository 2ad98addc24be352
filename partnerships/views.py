from django.views.generic import DetailView, TemplateView

from .models import Document, InitiativeKind, Organisation, PageText, PartnerCity


class CooperationView(TemplateView):
    """The international cooperation page: the municipality's source page, from the database."""

    template_name = "partnerships/cooperation.html"

    def get_context_data(self, **kwargs):
        texts = {text.key: text for text in PageText.objects.all()}
        return super().get_context_data(
            introduction=texts.get(PageText.Key.INTRODUCTION),
            initiatives_text=texts.get(PageText.Key.INITIATIVES),
            recent_years_text=texts.get(PageText.Key.RECENT_YEARS),
            cities=PartnerCity.objects.published(),
            initiative_kinds=InitiativeKind.objects.all(),
            organisations=Organisation.objects.published(),
            documents=Document.objects.published(),
            **kwargs,
        )


class PartnerCityDetailView(DetailView):
    template_name = "partnerships/partnercity_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return PartnerCity.objects.published()

    def get_context_data(self, **kwargs):
        initiatives = self.object.initiatives.published().select_related("kind")
        return super().get_context_data(initiatives=initiatives, **kwargs)
