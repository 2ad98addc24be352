"""gunicorn's settings for the site (`make serve`, production: `gunicorn --config gunicorn.conf.py`;
gunicorn also reads this file by itself when started from this folder).

Workers, address and timeouts stay on the command line (deploy/kazanlak-web.service, Makefile).
"""

import gunicorn
from gunicorn.http import wsgi

# gunicorn names itself in every response („Server: gunicorn“), which tells a scanner which
# software's flaws to try. Every response now says only this. gunicorn 27 builds the header from
# the module attribute, read for each response (gunicorn.http.wsgi.Response); a test fails if a
# version stops doing so (tests/production/test_hardening.py).
SERVER_NAME = "kazanlak"
gunicorn.SERVER = SERVER_NAME
wsgi.SERVER = SERVER_NAME
