from django import template
from django.utils.safestring import mark_safe

from contacts.structured_data import as_script_content

register = template.Library()


@register.filter
def city_json_ld(city, request):
    """schema.org data of a partner city: a City with its coordinates and country."""
    data = {
        "@context": "https://schema.org",
        "@type": "City",
        "name": city.name,
        "url": request.build_absolute_uri(city.get_absolute_url()),
        "containedInPlace": {
            "@type": "Country",
            "name": str(city.country.name),
            "identifier": city.country.code,
        },
    }
    if city.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }
    if city.website:
        data["sameAs"] = city.website
    if city.image:
        data["image"] = request.build_absolute_uri(city.image.url)
    return mark_safe(as_script_content(data))


@register.inclusion_tag("admin/new_proposals_notice.html")
def new_proposals_notice(user):
    """On the admin's front page: how many proposals wait, for staff who may read them."""
    from partnerships.models import Proposal, ProposalStatus

    if not user.has_perm("partnerships.view_proposal"):
        return {"count": None}
    return {"count": Proposal.objects.filter(status=ProposalStatus.NEW).count()}
