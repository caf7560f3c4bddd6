"""Hostile article text in a real browser: script payloads in texts, titles, outlets,
quotes and names are shown as text on every page of `corroborate serve` and never run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import TODAY
from playwright.sync_api import Browser, Page, sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS

from corroborate.pipeline import ingest
from corroborate.settings import load_settings
from corroborate.store import Store
from corroborate.web import WebConfig, create_app
from corroborate.web.server import background_server

# Each payload, if it ever became markup, would mark the page (window.pwned) or open a
# dialog; both are checked on every page.
PAYLOADS = (
    "<script>window.pwned=1;alert('script')</script>",
    "<img src=x onerror=\"window.pwned=1;alert('img')\">",
    "<svg onload=\"window.pwned=1\">",
    "\"><script>window.pwned=1</script>",
    "'><a href=\"javascript:window.pwned=1\" id=\"jslink\">lien</a>",
)


def _hostile_feed(folder: Path) -> Path:
    body = (
        "Le maire de Grenoble, Marc Lavoine, a inauguré lundi un nouveau pont sur l'Isère. "
        f"« Ce pont {PAYLOADS[1]} relie enfin les deux rives », a déclaré Marc Lavoine. "
        f"Les travaux ont coûté 12 millions d'euros {PAYLOADS[2]} selon la mairie de Grenoble.\n"
        f"{PAYLOADS[0]}\n"
        f"Marc Lavoine {PAYLOADS[3]} a ajouté que 300 ouvriers avaient travaillé sur le chantier.\n"
    )
    records = [
        {"title": f"Grenoble inaugure son pont {PAYLOADS[0]}", "outlet": f"Le Dauphiné {PAYLOADS[1]}",
         "published": "2024-05-13", "text": body},
        {"title": f"Un pont à Grenoble {PAYLOADS[4]}", "outlet": "Grenoble Info",
         "published": "2024-05-13", "text": body.replace("lundi", "ce lundi")
         + f"La mairie de Grenoble {PAYLOADS[4]} a promis une fête.\n"},
    ]
    feed = folder / "hostile.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return feed


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "hostile.db"
    settings = load_settings()
    with Store(db) as store:
        report = ingest([str(_hostile_feed(folder))], store, settings, date.fromisoformat(TODAY))
        assert report.added == 2
    app = create_app(WebConfig(db=db, settings=settings, today=date.fromisoformat(TODAY),
                               uploads=folder / "uploads"))
    with background_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _visit(page: Page, path: str, dialogs: list[str]) -> str:
    """Open `path`, let every handler fire, return the page's visible text."""
    page.goto(path)
    page.wait_for_load_state("load")
    page.mouse.move(10, 10)
    page.mouse.move(600, 400)
    assert page.evaluate("() => window.pwned === undefined"), f"a payload ran on {path}"
    assert not dialogs, f"a dialog opened on {path}: {dialogs}"
    assert page.locator("#jslink").count() == 0, f"a javascript: link was made on {path}"
    return page.locator("body").inner_text()


def test_web_payloads_are_inert_on_every_page(browser: Browser, hostile_url: str) -> None:
    context = browser.new_context(base_url=hostile_url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        listing = _visit(page, "/", dialogs)
        assert "<script>" in listing  # the title is shown as the text it is
        story_links = [page.locator("a.story-link").nth(i).get_attribute("href")
                       for i in range(page.locator("a.story-link").count())]
        assert story_links
        searched = _visit(page, "/?q=grenoble", dialogs)
        assert "Grenoble" in searched
        seen_article = seen_entity = False
        for story in story_links:
            assert story is not None
            dossier = _visit(page, story, dialogs)
            assert "onerror" in dossier or "<script>" in dossier  # payloads quoted as text
            articles = {page.locator("a.article-link").nth(i).get_attribute("href")
                        for i in range(page.locator("a.article-link").count())}
            entities = {page.locator("a[href^='/entities/']").nth(i).get_attribute("href")
                        for i in range(min(page.locator("a[href^='/entities/']").count(), 3))}
            for href in sorted(h for h in articles if h):
                text = _visit(page, href, dialogs)
                assert "window.pwned=1" in text
                seen_article = True
            for href in sorted(h for h in entities if h):
                _visit(page, href, dialogs)
                seen_entity = True
        assert seen_article and seen_entity
        _visit(page, "/upload", dialogs)
        _visit(page, "/api", dialogs)
    finally:
        context.close()
