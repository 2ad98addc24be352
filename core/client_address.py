"""The client's address, read the same way by every part of the site that counts per address."""

from django.conf import settings


def client_ip(request):
    """The address in `RATELIMIT_IP_META_KEY` (behind nginx: X-Real-IP, which nginx sets from the
    connection), else the connection's own. django-ratelimit reads that setting itself;
    django-axes asks this function (AXES_CLIENT_IP_CALLABLE), since without django-ipware it
    would otherwise count every visitor behind the proxy as the proxy."""
    meta = getattr(request, "META", {})  # axes may ask with a bare request (or none)
    key = settings.RATELIMIT_IP_META_KEY
    return (key and meta.get(key)) or meta.get("REMOTE_ADDR")
