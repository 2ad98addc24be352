"""A bare Django 5.2 project: the yardstick the site's app server is measured against.

Only what serving one page needs: no apps, no middleware, no database, no templates. bench/run.py
serves it with gunicorn exactly as it serves the site (the site's gunicorn.conf.py, 2 sync
workers), so the ratio of the two shows what the site's own code costs, whatever the machine.
"""

import os

SECRET_KEY = os.environ["SECRET_KEY"]  # bench/run.py makes a random one for each run
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
WSGI_APPLICATION = "bench.bare.wsgi.application"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True
