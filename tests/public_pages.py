"""Every public page (Bulgarian addresses; English is the same under /en/), for site-wide guards."""

PUBLIC_PAGES = [
    "/",
    "/gradove/",
    "/gradove/?continent=EU&sort=name",
    "/gradove/hronologiya/",
    "/gradove/kochani-makedoniya/",
    "/initsiativi/",
    "/organizatsii/",
    "/dokumenti/",
    "/tarsene/?q=kochani",
    "/kontakti/",
    "/kontakti/?q=98201",
    "/kontakti/grao/",
    "/predlozhenie/",
    "/dostapnost/",
    "/otvoreni-danni/",
]
