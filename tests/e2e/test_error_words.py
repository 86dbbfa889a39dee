"""A refusal from the API reaches the page in its own words, once: the field as a form labels
it and what is wrong, with none of the validator's text."""

from typing import TYPE_CHECKING

from tests.e2e.conftest import REASON, Site, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_a_wrong_check_digit_is_said_once_in_words(page: "Page", site: Site) -> None:
    sign_in(page, site, "mash")
    page.get_by_label("NHS number").fill("943 476 5871")
    page.get_by_label("Reason for this search").fill(REASON)
    page.get_by_role("button", name="Search").click()
    alert = page.locator("#search-error")
    alert.wait_for()
    text = alert.inner_text()
    sentence = "NHS number: 943 476 5871 is not a valid NHS number (its check digit does not match)"
    assert text == f"The search did not run: {sentence}"
    for raw in ("Value error", "invalid input", "query.", "String should"):
        assert raw not in text
