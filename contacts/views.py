from django.views.generic import ListView

from .models import Office


class DirectoryView(ListView):
    template_name = "contacts/office_list.html"
    context_object_name = "offices"

    def get_queryset(self):
        return Office.objects.published().with_details()
