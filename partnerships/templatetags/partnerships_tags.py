from django import template
from django.utils.safestring import mark_safe

from contacts.structured_data import as_script_content

register = template.Library()


@register.simple_tag
def city_json_ld(city, request, sources=()):
    """schema.org data of a partner city: a City with its coordinates and country, and the page
    about it (`subjectOf`, a WebPage: schema.org's `citation` belongs to a creative work, not to
    a place) with the sources that its history cites (`citation`)."""
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
    if sources:
        data["subjectOf"] = {
            "@type": "WebPage",
            "url": data["url"],
            "citation": [citation(source, request) for source in sources],
        }
    # A source's title stays in its own language, „Международно сътрудничество“ on the English
    # page too: escaped, it is no unmarked Bulgarian text there.
    return mark_safe(as_script_content(data, ascii_only=True))


def citation(source, request):
    """A partnerships.Source as a schema.org CreativeWork."""
    work = {"@type": "CreativeWork", "name": source.title, "inLanguage": source.language}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.date:
        work["datePublished"] = source.date.isoformat()
    if source.link:
        work["url"] = request.build_absolute_uri(source.link)
    return work


@register.inclusion_tag("admin/new_proposals_notice.html")
def new_proposals_notice(user):
    """On the admin's front page: how many proposals wait, for staff who may read them."""
    from partnerships.models import Proposal, ProposalStatus

    if not user.has_perm("partnerships.view_proposal"):
        return {"count": None}
    return {"count": Proposal.objects.filter(status=ProposalStatus.NEW).count()}
