"""Create (or update) a staff account in one role: `create_staff_user maria --role contacts`."""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.roles import ROLES, sync_group


class Command(BaseCommand):
    help = "Creates a staff user in a role (cooperation or contacts) and asks for the password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking (for scripts).",
        )

    def handle(self, *args, username, role, email, password_env, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first() or user_model(username=username)
        user.email = email or user.email
        password = self.read_password(password_env)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.is_staff = True
        user.is_superuser = False
        user.save()
        user.groups.set([sync_group(role, Group, Permission)])
        self.stdout.write(
            self.style.SUCCESS(f"{username}: staff account, role „{ROLES[role]['name']}“.")
        )

    def read_password(self, variable):
        if variable:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
