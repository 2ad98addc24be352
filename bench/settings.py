"""The site's own settings, with the benchmark's URLs (the pages plus a minimal view)."""

from kazanlak_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
