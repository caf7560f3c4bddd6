"""`corroborate serve` in a real browser: Debian's chromium driven by Playwright, on a
server running in a background thread over a store holding the five seed articles.

Screenshots of every step are kept in out/screenshots/ (gitignored) to be looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, TODAY
from playwright.sync_api import Browser, Page, expect, sync_playwright

from corroborate.pipeline import ingest
from corroborate.settings import load_settings
from corroborate.store import Store
from corroborate.web import WebConfig, create_app
from corroborate.web.server import background_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SHOTS = ROOT / "out" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "seeds.db"
    settings = load_settings()
    with Store(db) as store:
        ingest([str(p) for p in sorted(SEEDS.glob("*.txt"))], store, settings, date.fromisoformat(TODAY))
    app = create_app(WebConfig(db=db, settings=settings, today=date.fromisoformat(TODAY),
                               uploads=folder / "uploads", max_upload_bytes=200_000))
    with background_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()
    assert not dialogs, f"a script of the article text ran: {dialogs}"
    assert not errors, f"errors in the page: {errors}"


def _shot(page: Page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _open_story(page: Page) -> None:
    page.goto("/")
    expect(page.locator("a.story-link")).to_have_count(1)
    _shot(page, "01-stories")
    page.locator("a.story-link").click()
    expect(page).to_have_url(re.compile(r"/stories/s-[0-9a-f]+$"))


def test_browser_story_shows_troop_count_discrepancy(page: Page) -> None:
    _open_story(page)
    troops = page.locator('tbody.figure[data-measure="troops"]')
    expect(troops).to_have_class(re.compile(r"\bdiscrepancy\b"))
    expect(troops.locator(".badge.discrepancy")).to_contain_text("discrepancy")
    expect(troops).to_contain_text("2 300 soldats")
    expect(troops).to_contain_text("2 000 soldats")
    expect(troops.locator("tr.odd-value")).not_to_have_count(0)
    troops.scroll_into_view_if_needed()
    _shot(page, "02-dossier-figures")
    _shot(page, "02-dossier-full", full=True)


def test_browser_quote_leads_to_its_article_and_back(page: Page) -> None:
    _open_story(page)
    quote = page.locator("#quotes blockquote").first
    quote_text = quote.locator("p").inner_text()
    quote.locator("a.cite").first.click()
    expect(page).to_have_url(re.compile(r"/articles/a-[0-9a-f]+\?s=\d+&e=\d+#target$"))
    target = page.locator("#target")
    expect(target).to_be_visible()
    expect(target).to_have_class(re.compile(r"\bquote\b"))
    assert target.inner_text() in quote_text
    # the article view shows its lines with their labels, spans of every kind highlighted
    expect(page.locator("table.lines .badge", has_text="content").first).to_be_visible()
    for kind in ("entity", "time", "figure", "quote"):
        expect(page.locator(f"td.text .hl.{kind}").first).to_be_attached()
    _shot(page, "03-article-at-quote")
    # a highlighted figure leads back to its row in the dossier's figures table
    page.locator("td.text a.hl.figure").first.click()
    expect(page).to_have_url(re.compile(r"/stories/s-[0-9a-f]+#c-a-[0-9a-f]+-\d+-\d+$"))
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f'[id="{anchor}"]')).to_be_visible()
    _shot(page, "04-back-to-dossier")


def test_browser_search_tokaiev_finds_tokaiev(page: Page) -> None:
    page.goto("/")
    page.fill("header.bar input[name=q]", "tokaiev")
    page.press("header.bar input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(r"\?q=tokaiev"))
    expect(page.locator("#found-articles mark").first).to_have_text(re.compile("Tokaïev", re.IGNORECASE))
    hit = page.locator("a.entity-hit").first
    expect(hit).to_contain_text("Tokaïev")
    _shot(page, "05-search")
    hit.click()
    expect(page.locator("h1")).to_contain_text("Tokaïev")
    expect(page.locator("ul.variant-list")).to_contain_text("Tokayev")
    assert page.locator("ol.mentions li").count() >= 10
    _shot(page, "06-entity")
    page.locator("ol.mentions a.hl.entity").first.click()
    expect(page.locator("#target")).to_be_visible()


def test_browser_upload_adds_a_file_with_progress(page: Page, tmp_path: Path) -> None:
    page.goto("/upload")
    article = (
        "<script>alert('title')</script> Nouvelle réunion à Almaty\n\n"
        "Le ministre kazakh des Affaires étrangères a annoncé jeudi que 120 observateurs "
        "resteraient à Almaty jusqu'au 20 janvier.\n"
    )
    page.set_input_files("#files", files=[
        {"name": "almaty.txt", "mimeType": "text/plain", "buffer": article.encode("utf-8")},
        {"name": "empty.txt", "mimeType": "text/plain", "buffer": b"   \n"},
    ])
    page.click("#upload button[type=submit]")
    expect(page.locator("#progress-text")).to_have_text("2 of 2 files done", timeout=60_000)
    expect(page.locator("#bar")).to_have_attribute("value", "1")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("added")
    expect(rows.nth(1)).to_contain_text("empty")
    _shot(page, "07-upload")
    rows.nth(0).locator("a").click()
    expect(page.locator("h1")).to_be_visible()
    page.locator("a.article-link").first.click()
    # the article's first line is shown as text: the script tag is inert
    expect(page.locator("td.text").first).to_contain_text("<script>alert('title')</script>")
    _shot(page, "08-uploaded-article")


def test_browser_filters_by_language_and_date(page: Page) -> None:
    page.goto("/?lang=fr&from=2022-01-01&to=2022-01-31")
    expect(page.locator("a.story-link")).not_to_have_count(0)
    page.select_option("form.filters select[name=lang]", "")
    page.fill("form.filters input[name=from]", "2023-01-01")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#stories")).to_contain_text("No story matches these filters")
    _shot(page, "09-filters")
