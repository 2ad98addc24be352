"""Error pages that need nothing that may be down: no database, no context processors."""

import sys

from django.db import DatabaseError, InterfaceError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

DATABASE_RETRY_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """500 — or, when the database is unreachable, a friendly 503 that tells browsers to retry.

    Any database error counts, and so does a connection that was closed under us
    (InterfaceError, not a DatabaseError): after a wait that gave up
    (core.database_deadline) psycopg2 closes the connection.

    Django logs the exception itself (logger `django.request`); the visitor sees no traceback.
    The next request reconnects, so the site recovers on its own when the database is back.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
