"""Every admin URL, for every staff role, tried with the ids of other models' records and versions.

The matrix is generated from the admin itself (`admin.site._registry`, each admin's `get_urls()`,
the site's autocomplete), so a newly registered admin, or a URL a third-party admin class adds, is
covered without a new test. An editor sees, restores and saves only records of their own area, and
each admin's history opens only versions of its own model (core/history_admin.py): the
answer is 403, 404, or the admin's „does not exist“ redirect to its index, and the database is
unchanged after every POST. A superuser is the control: the history views refuse other models'
versions to them too, and the earlier versions of their own model open for everyone who may
change it.
"""

import datetime
import re

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, reverse
from django.urls.resolvers import RegexPattern
from reversion.models import Version

from contacts.models import Office
from core.roles import ROLES
from partnerships.models import CityEvent, Initiative, InitiativeKind, PartnerCity
from tests.factories import make_closure, make_event, make_proposal, make_working_day

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"


def in_area(actor, model):
    if actor == SUPERUSER:
        return True
    opts = model._meta
    return bool(ROLES[actor]["permissions"].get(opts.app_label, {}).get(opts.model_name))


def _may(actor, model, action):
    opts = model._meta
    return action in ROLES[actor]["permissions"].get(opts.app_label, {}).get(opts.model_name, ())


@pytest.fixture
def records(initial_data, settings, tmp_path):
    """The real fixtures, a record of each kind they lack, all with their first versions; then the
    newest record of each kind is deleted, so that restoring any version would change the data."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    city = PartnerCity.objects.get(slug="kochani-makedoniya")
    kind = InitiativeKind.objects.order_by("pk").first()
    for year in (2019, 2020):
        Initiative.objects.create(
            title=f"Дни на розата {year}",
            slug=f"dni-na-rozata-{year}",
            kind=kind,
            date=f"{year}-06-01",
        ).partner_cities.set([city])
    for day in ("2019-05-01", "2020-05-01"):
        make_event(city, kind=CityEvent.Kind.choices[0][0], date=day)
    office = Office.objects.order_by("pk").first()
    for day in (24, 31):
        make_closure(offices=[office], start_date=datetime.date(2026, 12, day))
        make_working_day(offices=[office], date=datetime.date(2026, 10, day))
    for authority in ("Община Кочани", "Община Велес"):
        make_proposal(
            authority_name=authority,
            attachment=ContentFile(b"%PDF-1.4\n%%EOF\n", name="predlozhenie.pdf"),
        )
    call_command("createinitialrevisions", verbosity=0)
    for model in reversion.get_registered_models():
        if model._base_manager.count() < 2:
            continue  # keep one of each kind to try
        for record in model._base_manager.order_by("-pk"):
            try:
                with transaction.atomic():
                    record.delete()
                break
            except (models.ProtectedError, models.RestrictedError):
                continue


@pytest.fixture
def login(client, django_user_model, make_editor):
    def log_in(actor):
        if actor == SUPERUSER:
            user = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
        else:
            user = make_editor(actor)
        client.force_login(user)
        return client

    return log_in


class Ids:
    """What to try, gathered once: the newest record of every model that has an admin or a
    history, and the newest version of each history (of a deleted record where there is one)."""

    def __init__(self):
        self.records, self.versions = {}, {}
        for model in {*admin.site._registry, *reversion.get_registered_models()}:
            record = model._base_manager.order_by("-pk").first()
            if record is not None:
                self.records[model] = record
        for model in reversion.get_registered_models():
            version = Version.objects.get_for_model(model).order_by("-pk").first()
            assert version is not None, f"{model._meta.label} has no version to try"
            self.versions[model] = version
        self.models = sorted({*self.records, *self.versions}, key=lambda m: m._meta.label)

    def values(self, models):
        """The ids of the records and versions of `models`."""
        for model in models:
            if model in self.records:
                yield str(self.records[model].pk)
            if model in self.versions:
                yield str(self.versions[model].pk)

    def pairs(self, models):
        """(object id, version id) of the newest version of each of `models` with a history."""
        for model in models:
            if model in self.versions:
                yield self.versions[model].object_id, str(self.versions[model].pk)


def own_ids(model):
    """Values that name a record or a version of `model` itself, which its admin may open."""
    ids = {str(pk) for pk in model._base_manager.values_list("pk", flat=True)}
    if reversion.is_registered(model):
        ids |= {str(pk) for pk in Version.objects.get_for_model(model).values_list("pk", flat=True)}
    return ids


def argument_sets(model, pattern, actor, ids):
    """What to put in a URL pattern's arguments, as tuples of strings. For an admin
    outside the actor's area: the model's own record and version, and one of the actor's area.
    Within it: the records and versions of every other model, where their ids name nothing of
    this model's (an id that does is this model's record, which its admin rightly opens)."""
    count = pattern.pattern.regex.groups
    if count == 0:
        return [()]
    if in_area(actor, model):
        others, mine = [m for m in ids.models if m is not model], own_ids(model)
    else:  # refused whatever the id
        own_area = [m for m in ids.models if in_area(actor, m) and m in ids.versions]
        others, mine = [model, *own_area[:1]], set()
    if count == 1:
        return [(value,) for value in sorted(set(ids.values(others)) - mine)]
    sets = [(*[object_id] * (count - 1), version_id) for object_id, version_id in ids.pairs(others)]
    if reversion.is_registered(model):  # a version of this model, but of another of its records
        versions = Version.objects.get_for_model(model).order_by("pk")
        first, last = versions.first(), versions.last()
        if first.object_id != last.object_id:
            sets.append((*[first.object_id] * (count - 1), str(last.pk)))
    return sets


def admin_url(model, pattern, args):
    """The address of one of a model admin's URL patterns (Django's own `<id>/` has no name)."""
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return changelist + URLResolver(RegexPattern("^"), [pattern]).reverse(pattern.callback, *args)


def snapshot():
    """Every row of the site's content, its history, the admin's log and the staff accounts."""
    labels = {"partnerships", "contacts", "reversion", "admin", "auth"}
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }


def assert_refused(client, response, url):
    """403, 404, or the admin's „does not exist“ redirect to its index (whose message names only
    the model and the id asked for). Other redirects within the admin are followed."""
    for _hop in range(3):
        if response.status_code != 302 or response["Location"] == reverse("admin:index"):
            break
        assert response["Location"].startswith("/admin/"), response["Location"]
        response = client.get(response["Location"])
    client.cookies.pop("messages", None)  # read by nobody: keep them from piling up
    to_index = response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert response.status_code in (403, 404) or to_index, (
        f"{url} answered {response.status_code} at {response.request['PATH_INFO']}"
    )


@pytest.mark.parametrize("actor", [*ROLES, SUPERUSER])
def test_no_admin_url_shows_restores_or_saves_what_is_not_the_actors(actor, records, login):
    client, ids = login(actor), Ids()
    before = snapshot()
    tried = 0
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            assert isinstance(pattern, URLPattern), pattern
            for args in argument_sets(model, pattern, actor, ids):
                if not args and in_area(actor, model):
                    continue  # the changelist and the add form of one's own area
                url = admin_url(model, pattern, args)
                assert_refused(client, client.get(url), url)
                assert_refused(client, client.post(url, {"post": "yes"}), url)
                tried += 1
        assert snapshot() == before, f"a POST to {model._meta.label}'s admin changed the data"
    assert tried > 100


@pytest.mark.parametrize("actor", [*ROLES, SUPERUSER])
def test_each_admins_earlier_versions_open_for_who_may_change_it(actor, records, login):
    """The control: the history views still work where they should."""
    client = login(actor)
    opened = 0
    for model in admin.site._registry:
        if not reversion.is_registered(model):
            continue
        record = model._base_manager.order_by("pk").first()
        if record is None:
            continue
        opts = model._meta
        history = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history",
                                     args=[record.pk]))  # fmt: skip
        may_change = actor == SUPERUSER or _may(actor, model, "change")
        if not in_area(actor, model):
            assert history.status_code == 403
            continue
        assert history.status_code == 200
        links = re.findall(rf'href="(/admin/{opts.app_label}/{opts.model_name}/\d+/history/\d+/)"',
                           history.content.decode())  # fmt: skip
        assert links, f"no earlier version listed for {opts.label}"
        response = client.get(links[0])
        assert response.status_code == (200 if may_change else 403), links[0]
        opened += response.status_code == 200
    assert opened


@pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning")  # axes
@pytest.mark.parametrize("actor", [*ROLES, SUPERUSER])
def test_autocomplete_lists_only_what_the_actor_may_see(actor, records, login):
    client = login(actor)
    tried = 0
    for source in apps.get_models():
        for field in source._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            remote_admin = admin.site._registry.get(field.related_model)
            if remote_admin is None or not remote_admin.search_fields:
                continue
            query = {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field.name,
                "term": "",
            }
            response = client.get(reverse("admin:autocomplete"), query)
            may_view = actor == SUPERUSER or _may(actor, field.related_model, "view")
            assert response.status_code == (200 if may_view else 403), query
            tried += 1
    assert tried
