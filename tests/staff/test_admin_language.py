"""Staff who use the admin in Bulgarian read Bulgarian on every page of it (issue 13, item 6).

The English strings to look for are not typed here: they are the message ids of the installed
packages' own catalogues (Django's admin, auth and core, django-reversion, django-axes, …), so a
string that a new version adds is looked for too. Each role opens every admin page of every model
it may see — list, add, change, delete, history, an earlier version, deleted records — gets the
success messages after adding, changing and deleting, the 403 of the other area, a 404, and the
sign-in, lock-out and password pages. The many-to-many selector is drawn by JavaScript: its words
come from the admin's JavaScript catalogue, checked here for every message its scripts use.
"""

import json
import re
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from reversion.admin import VersionAdmin
from reversion.models import Version

from core.roles import ROLES
from tests.admin_forms import errors
from tests.factories import make_closure, make_working_day

pytestmark = pytest.mark.django_db

SITE_PACKAGES = Path(django.__file__).resolve().parent.parent
# Catalogues whose message ids are the English the admin may show. Django's `en` catalogues hold
# every current message id; the libraries have no `en` catalogue, so all their languages are read.
CATALOGUES = [
    "django/conf/locale/en/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    "django/contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
    "django/contrib/redirects/locale/en/LC_MESSAGES/django.po",
    "django/contrib/sessions/locale/en/LC_MESSAGES/django.po",
    "django/contrib/sites/locale/en/LC_MESSAGES/django.po",
    "reversion/locale/*/LC_MESSAGES/django.po",
    "axes/locale/*/LC_MESSAGES/django.po",
    "modeltranslation/locale/en/LC_MESSAGES/django.po",
    "mailer/locale/*/LC_MESSAGES/django.po",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}|<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z’']*")
# Texts that are right in English: the language switch names each language in itself, and
# „Django“ is a name.
ALLOWED = {"English", "Django"}

PASSWORD = "a-long-test-password"
# The permissions' names are rows that Django writes in English („Can add log entry“) when it
# migrates; no catalogue translates them. Only superusers see them (users' and groups' forms).
PERMISSION_FIELDS = {"permissions", "user_permissions"}


def read_msgids(path):
    """Message ids of a .po file: each `msgid`/`msgid_plural` with its continuation lines."""
    ids, current, in_id = [], None, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                ids.append(current)
            current, in_id = json.loads(line.split(" ", 1)[1]), True
        elif line.startswith('"') and in_id:
            current += json.loads(line)
        else:
            in_id = False
    if current:
        ids.append(current)
    return ids


@cache
def english_strings():
    """(phrases, words): phrases of two or more English words, looked for anywhere in a text;
    single words of four letters or more, which only a whole text equal to one can match."""
    phrases, words = set(), set()
    for pattern in CATALOGUES:
        for path in SITE_PACKAGES.glob(pattern):
            for msgid in read_msgids(path):
                for part in PLACEHOLDER.split(msgid):
                    part = part.strip(" .,:;!?()“”\"'—-–\n")
                    found = WORD.findall(part)
                    if len(found) >= 2 and not re.search("[А-Яа-я]", part):
                        phrases.add(part)
                    elif len(found) == 1 and part == found[0] and len(part) >= 4:
                        words.add(part)
    assert len(phrases) > 300 and len(words) > 150, "the packages' catalogues were not found"
    return frozenset(phrases - ALLOWED), frozenset(words - ALLOWED)


class VisibleText(HTMLParser):
    """What a member of staff reads or hears: text, the labels that screen readers read, button
    captions, and the captions the admin's scripts take from `data-inline-formset`. Form values
    (the records' own text) and anything marked `lang="en"` are not the interface."""

    SKIP = {"script", "style", "textarea", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def hidden(self):
        return any(tag in self.SKIP or english for tag, english in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english = (attrs.get("lang") or "").startswith("en")
        if tag == "select" and attrs.get("name") in PERMISSION_FIELDS:
            english = True  # see test_permission_names_are_bulgarian
        if not self.hidden() and not english:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
            if attrs.get("data-inline-formset"):
                options = json.loads(attrs["data-inline-formset"])["options"]
                self.texts += [options["addText"], options["deleteText"]]
        if tag not in self.VOID:
            self.stack.append((tag, english))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self.hidden():
            self.texts.append(" ".join(data.split()))


class Pages:
    """Collects the English found on each page, so that one run lists all of it."""

    def __init__(self):
        self.english = {}

    def check(self, response, where):
        assert response.status_code < 500, where
        english = english_on(response.content.decode())
        if english:
            self.english[where] = english
        return response

    def assert_bulgarian(self):
        assert not self.english, "English on the pages:\n" + "\n".join(
            f"{where}: {english}" for where, english in self.english.items()
        )


@cache
def english_pattern():
    phrases, _words = english_strings()
    alternatives = sorted(phrases, key=len, reverse=True)
    alternation = "|".join(map(re.escape, alternatives))
    return re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])")


def english_on(html):
    parser = VisibleText()
    parser.feed(html)
    _phrases, words = english_strings()
    found = {text for text in parser.texts if text in words}
    found.update(english_pattern().findall("\n".join(parser.texts)))
    return sorted(found)


class FormData(HTMLParser):
    """The values a browser would send from a page's main form, as the page shows them."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea, self.chosen = {}, None, None, []

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.select, self.chosen = name, []
        elif tag == "option" and self.select and "selected" in attrs:
            self.chosen.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            for value in self.chosen:
                self.add(self.select, value)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one newline that follows <textarea>.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def form_data(html):
    parser = FormData()
    parser.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


@pytest.fixture
def admin_data(initial_data, client, django_user_model):
    """The real content, with its history, a redirect and a failed sign-in (django-axes)."""
    import datetime

    from django.contrib.redirects.models import Redirect
    from django.contrib.sites.models import Site

    from contacts.models import Office

    Redirect.objects.create(site=Site.objects.get_current(), old_path="/staro/", new_path="/")
    make_closure(offices=[Office.objects.order_by("pk").first()], reason_bg="Бъдни вечер")
    make_working_day(  # a whole day, with its lunch break: every field of the form filled
        closes=datetime.time(17, 30),
        break_starts=datetime.time(12, 30),
        break_ends=datetime.time(13, 30),
    )
    django_user_model.objects.create_user("maria", password=PASSWORD, is_staff=True)
    client.post("/admin/login/", {"username": "ivan", "password": "wrong", "next": "/admin/"})
    client.post("/admin/login/", {"username": "maria", "password": PASSWORD, "next": "/admin/"})
    call_command("createinitialrevisions", verbosity=0)


@pytest.fixture(params=["superuser", "cooperation", "contacts"])
def role_client(request, admin_data, django_user_model):
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("staff", "staff@example.org", PASSWORD)
    else:
        user = django_user_model.objects.create_user(
            f"{request.param}-editor", password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=ROLES[request.param]["name"]))
    client = Client()
    client.force_login(user)
    return client


def url(model, action, *args):
    try:
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args
        )
    except NoReverseMatch:
        return None


def test_every_admin_page_of_every_model_is_bulgarian_for_every_role(role_client):
    pages, checked = Pages(), 0
    pages.check(role_client.get(reverse("admin:index")), "index")
    for model, model_admin in admin.site._registry.items():
        name = model._meta.label
        changelist = role_client.get(url(model, "changelist"))
        pages.check(changelist, f"{name} list")
        if changelist.status_code == 403:
            continue
        assert changelist.status_code == 200
        pages.check(
            role_client.get(reverse("admin:app_list", args=[model._meta.app_label])),
            f"{name} app",
        )
        pages.check(role_client.get(url(model, "add")), f"{name} add")
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        for action in ("change", "delete", "history"):
            pages.check(role_client.get(url(model, action, obj.pk)), f"{name} {action}")
        if isinstance(model_admin, VersionAdmin):
            pages.check(role_client.get(url(model, "recoverlist")), f"{name} recover list")
            version = Version.objects.get_for_object(obj).first()
            assert version, f"{name} has no history"
            revision = role_client.get(url(model, "revision", obj.pk, version.pk))
            assert revision.status_code == 200
            pages.check(revision, f"{name} revision")
        checked += 1
    assert checked >= 1
    pages.assert_bulgarian()


def messages_on(response):
    """The messages as read on the page (the admin links the record's name)."""
    html = response.content.decode()
    shown = re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.S)
    items = re.findall(r"<li[^>]*>(.*?)</li>", shown[1], re.S) if shown else []
    return [unescape(strip_tags(item)).strip() for item in items]


# What the admin says after each action: „Записът“ is the subject, so the words agree whatever
# the gender of the verbose name; the verbose name stays in lower case, in brackets.
CHANGED = "Записът „{obj}“ ({name}) беше променен успешно. По-долу можете да го промените отново."
ADDED = "Записът „{obj}“ ({name}) беше добавен успешно. По-долу можете да добавите още един."
DELETED = "Записът „{obj}“ ({name}) беше изтрит успешно."
# Fields that must differ in a copy of a record saved as a new one.
UNIQUE = {"slug": "kopie-za-proba", "name": "Копие за проба", "domain": "proba.example.org",
          "old_path": "/kopie-za-proba/", "username": "kopie"}  # fmt: skip


def test_the_messages_after_saving_and_deleting_suit_every_model(role_client):
    """Each model the role may change is saved, then a copy added and deleted, through the forms."""
    pages, checked = Pages(), 0
    for model, _model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        change = url(model, "change", obj.pk) if obj else None
        form = role_client.get(change) if change else None
        if form is None or form.status_code != 200 or 'name="_continue"' not in form.text:
            continue  # not this role's, or read-only for it
        name = str(model._meta.verbose_name)
        data = {**form_data(form.text), "_continue": "1"}
        saved = pages.check(role_client.post(change, data, follow=True), f"{name}: saved")
        assert messages_on(saved) == [CHANGED.format(obj=obj, name=name)], name
        checked += 1

        add = url(model, "add")
        if role_client.get(add).status_code != 200 or model._meta.label == "auth.User":
            continue
        copy = {key: value for key, value in data.items() if not key.endswith("-id")}
        for key in [key for key in copy if key.endswith("INITIAL_FORMS")]:
            copy[key], copy[key.replace("INITIAL", "TOTAL")] = "0", "0"
        for field, value in UNIQUE.items():
            for key in (field, f"{field}_bg", f"{field}_en"):
                if key in copy:
                    copy[key] = value
        copy.pop("_continue")
        before = list(model._default_manager.values_list("pk", flat=True))
        added = pages.check(role_client.post(add, {**copy, "_addanother": "1"}, follow=True), name)
        new = model._default_manager.exclude(pk__in=before).first()
        assert new, f"{name}: not added: {errors(added)}"
        assert messages_on(added) == [ADDED.format(obj=new, name=name)], name
        deleted = role_client.post(url(model, "delete", new.pk), {"post": "yes"}, follow=True)
        pages.check(deleted, f"{name}: deleted")
        assert messages_on(deleted) == [DELETED.format(obj=new, name=name)], name
        if url(model, "recoverlist"):
            recover_list = pages.check(role_client.get(url(model, "recoverlist")), f"{name} rec")
            assert str(new) in recover_list.text
            version = Version.objects.get_deleted(model).first()
            pages.check(role_client.get(url(model, "recover", version.pk)), f"{name} recover")
    assert checked >= 1
    pages.assert_bulgarian()


def test_permission_names_are_bulgarian(staff_client):
    group = Group.objects.get(name=ROLES["cooperation"]["name"])
    page = staff_client.get(reverse("admin:auth_group_change", args=[group.pk])).text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert options and not [text for text in options if "Can " in text]


@pytest.mark.parametrize(
    "role, other_area",
    [("cooperation", "contacts_office"), ("contacts", "partnerships_partnercity")],
)
def test_the_other_areas_pages_say_no_in_bulgarian(client, make_editor, role, other_area):
    client.force_login(make_editor(role))
    pages = Pages()
    response = pages.check(client.get(reverse(f"admin:{other_area}_changelist")), "403")
    assert response.status_code == 403
    assert "Нямате достъп до тази страница" in response.text
    missing = pages.check(client.get("/admin/partnerships/nyama-takava/"), "404")
    assert missing.status_code == 404 and "Страницата не е намерена" in missing.text
    pages.assert_bulgarian()


def test_the_sign_in_lock_out_and_password_pages_are_bulgarian(client, django_user_model, settings):
    django_user_model.objects.create_user("maria", password=PASSWORD, is_staff=True)
    pages = Pages()
    pages.check(client.get("/admin/login/"), "sign-in")
    wrong = {"username": "maria", "password": "wrong", "next": "/admin/"}
    pages.check(client.post("/admin/login/", wrong), "wrong password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        locked = client.post("/admin/login/", wrong)
    assert locked.status_code == 429
    pages.check(locked, "locked out")
    assert "Входът е временно заключен" in locked.text

    client.post("/admin/login/", {**wrong, "password": PASSWORD}, REMOTE_ADDR="198.51.100.20")
    change = pages.check(client.get(reverse("admin:password_change")), "password change")
    assert change.status_code == 200
    weak = {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    pages.check(client.post(reverse("admin:password_change"), weak), "weak password")
    strong = "a-new-and-long-password-2026"
    new = {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    done = pages.check(client.post(reverse("admin:password_change"), new, follow=True), "done")
    assert done.status_code == 200
    pages.check(client.post(reverse("admin:logout"), follow=True), "signed out")
    pages.assert_bulgarian()


def test_the_500_page_in_the_admin_is_bulgarian():
    from django.test import RequestFactory
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/admin/partnerships/"))
    assert response.status_code == 500
    assert not english_on(response.content.decode())
    assert "Възникна грешка в сайта" in response.content.decode()


# Every message the admin's scripts ask the catalogue for, with the words it must give: the
# many-to-many selector (SelectFilter2.js), inlines, the calendar and the clock.
JS_MESSAGES = re.compile(r"""\b(?:n?gettext)\(\s*(['"])((?:(?!\1).)+)\1""")


def test_the_admin_scripts_get_bulgarian_for_every_message(staff_client):
    scripts = SITE_PACKAGES / "django" / "contrib" / "admin" / "static" / "admin" / "js"
    used = set()
    for script in scripts.glob("*.js"):
        used.update(message for _quote, message in JS_MESSAGES.findall(script.read_text()))
    selector = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    assert {selector, "Chosen %s", "(click to clear)"} <= used
    catalogue = staff_client.get(reverse("admin:jsi18n")).text
    data = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", catalogue, re.S).group(1))
    missing = [message for message in used if not re.search("[А-Яа-я]", str(data.get(message)))]
    assert missing == []
    assert data["Chosen %s"] == "Избрани %s"  # not „Избрахме“
    assert data["Available %s"] == "Налични %s"
