"""What every staff journey in the browser does first."""

STAFF_PASSWORD = "rozova-dolina-2026!"


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def save(page, base_url, changelist):
    """Press „Запис“ and land on the list with Django's success message (the form's errors, if
    it stayed, are the failure's text)."""
    page.click("input[name=_save]")
    page.wait_for_url(f"{base_url}{changelist}")
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errorlist"
    ).all_inner_texts()
