"""The web application of `corroborate serve`: pages and the JSON API behind them.

Pages: the stories list (search, language and date filters), a story's dossier (the
HTML render's content, live from the store, every citation linking to the article
view), the article view (its text line by line with labels, entities, dates, figures
and quotes highlighted, each linking back to the dossier), the entity page (mentions
and variants across stories), and a page that adds files to the store with progress.
The JSON API is documented at /openapi.json and, readable offline, at /api.

Each request opens its own connection to the store (SQLite connections stay in their
thread); ingests run one at a time. Dossiers are built on demand and kept while their
story is unchanged.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from corroborate import __version__
from corroborate.pipeline import brief_for, ingest
from corroborate.render.html import build_chart
from corroborate.render.json import dossier_to_dict
from corroborate.render.markdown import build_view, source_name
from corroborate.settings import Settings
from corroborate.store import Store, StoreError

from .guard import LOCAL_HOSTS, Guard
from .views import (
    EntityMention,
    StoryItem,
    article_marks,
    cite_index,
    cite_of,
    entity_mentions,
    filter_stories,
    find_entity,
    matching_entities,
    same_entities,
    segment_lines,
    snippet_parts,
)

STORY_ID = r"^s-[0-9a-f]{4,64}$"
ARTICLE_ID = r"^a-[0-9a-f]{4,64}$"
ENTITY_ID = r"^e-[0-9a-f]{4,64}$"
StoryId = Annotated[str, PathParam(pattern=STORY_ID, description="A story id (s-…).")]
ArticleId = Annotated[str, PathParam(pattern=ARTICLE_ID, description="An article id (a-…).")]
EntityId = Annotated[str, PathParam(pattern=ENTITY_ID, description="An entity id of the story (e-…).")]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
_SEARCH_STORIES = 10  # stories whose entities a search looks at


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How the app runs: the store, the settings, the reference date of ingests (None:
    the day of each upload), the upload limit, where uploaded files are kept (None: a
    folder beside the store), and whether other machines may reach it."""

    db: Path
    settings: Settings
    today: date | None = None
    max_upload_bytes: int = 20 * 2**20
    uploads: Path | None = None
    public: bool = False
    extra_hosts: tuple[str, ...] = ()

    @property
    def upload_dir(self) -> Path:
        return self.uploads or self.db.with_name(self.db.name + ".uploads")


# -- API models (they document the JSON API in OpenAPI) -------------------------------


class StoryOut(BaseModel):
    id: str
    title: str
    size: int
    first_date: str | None
    last_date: str | None
    languages: list[str]
    href: str


class ArticleHitOut(BaseModel):
    article: str
    story: str
    title: str | None
    published: str | None
    snippet: str
    href: str


class EntityHitOut(BaseModel):
    story: str
    id: str
    name: str
    kind: str
    mentions: int
    href: str


class SearchOut(BaseModel):
    query: str
    articles: list[ArticleHitOut]
    entities: list[EntityHitOut]


class MarkOut(BaseModel):
    kind: str
    start: int
    end: int
    text: str
    title: str
    href: str


class ArticleOut(BaseModel):
    id: str
    story: str
    source: str
    title: str | None
    outlet: str | None
    language: str
    published: str | None
    text: str
    lines: list[dict[str, Any]]
    marks: list[MarkOut]


class MentionOut(BaseModel):
    article: str
    start: int
    end: int
    text: str
    href: str


class EntityOut(BaseModel):
    story: str
    id: str
    name: str
    kind: str
    variants: list[str]
    mentions: list[MentionOut]
    elsewhere: list[EntityHitOut]


class UploadOut(BaseModel):
    file: str
    status: str  # added | already-stored | a read failure status (empty, binary, too-large…)
    article: str | None
    story: str | None
    error: str | None
    href: str | None


# -- state ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Loaded:
    dossier: dict[str, Any]
    texts: dict[str, str]


@dataclass(slots=True)
class _State:
    config: WebConfig
    lock: threading.Lock = field(default_factory=threading.Lock)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    dossiers: OrderedDict[tuple[Any, ...], _Loaded] = field(default_factory=OrderedDict)

    @contextmanager
    def store(self) -> Iterator[Store]:
        try:
            store = Store(self.config.db)
        except StoreError as err:
            raise HTTPException(503, str(err)) from None
        try:
            yield store
        finally:
            store.close()

    def load(self, store: Store, story_id: str) -> _Loaded:
        """The dossier of a story and its article texts, built once per state of the story."""
        row = next((r for r in store.stories() if r.id == story_id), None)
        if row is None:
            raise HTTPException(404, f"no story {story_id}")
        key = (row.id, row.size, row.first_date, row.last_date, store.article_count())
        with self.lock:
            if key in self.dossiers:
                self.dossiers.move_to_end(key)
                return self.dossiers[key]
        brief = brief_for(store, story_id, self.config.settings)
        loaded = _Loaded(dossier_to_dict(brief), {a.id: a.article.text for a in brief.articles})
        with self.lock:
            self.dossiers[key] = loaded
            while len(self.dossiers) > 32:
                self.dossiers.popitem(last=False)
        return loaded

    def cached_title(self, story_id: str) -> str | None:
        with self.lock:
            for key, loaded in reversed(self.dossiers.items()):
                if key[0] == story_id:
                    return str(loaded.dossier["story"]["title"])
        return None


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("corroborate.web", "templates"),
        autoescape=True,  # every article string reaches the page as text, never as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = snippet_parts
    env.filters["source_name"] = source_name
    return env


@cache
def static_file(name: str) -> str:
    """The content of a static file: the stylesheet is the dossier render's own CSS
    (taken from its template, so both views look alike) followed by the app's."""
    files = resources.files("corroborate.web").joinpath("static")
    content = files.joinpath(name).read_text(encoding="utf-8")
    if name == "app.css":
        template = resources.files("corroborate.render").joinpath("templates", "story.html.j2")
        found = re.search(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.DOTALL)
        content = (found.group(1) if found else "") + "\n" + content
    return content


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("q", "")
    return HTMLResponse(_templates().get_template(name).render(**context), status_code=status)


# -- reading the store ------------------------------------------------------------------


def story_items(store: Store, state: _State) -> list[StoryItem]:
    """Every story with a title and its languages, largest first (read in one query:
    the list must not build every dossier)."""
    titles: dict[str, str] = {}
    languages: dict[str, list[str]] = {}
    rows = store.db.execute("SELECT story_id, title, language, substr(text, 1, 400) FROM articles ORDER BY rowid")
    for story, title, language, head in rows:
        langs = languages.setdefault(story, [])
        if language and language not in langs:
            langs.append(language)
        if story not in titles or (title and titles[story].startswith("\u2063")):
            # an article title if any article has one, else the first line of the first text
            first = next((line.strip() for line in str(head).splitlines() if line.strip()), story)
            titles[story] = title or "\u2063" + (first[:117] + "…" if len(first) > 120 else first)
    return [
        StoryItem(
            id=row.id,
            title=state.cached_title(row.id) or titles.get(row.id, row.id).lstrip("\u2063"),
            size=row.size,
            first_date=row.first_date,
            last_date=row.last_date,
            languages=tuple(languages.get(row.id, ())),
        )
        for row in store.stories()
    ]


def _story_out(item: StoryItem) -> StoryOut:
    return StoryOut(id=item.id, title=item.title, size=item.size, first_date=item.first_date,
                    last_date=item.last_date, languages=list(item.languages), href=f"/stories/{item.id}")


def _entity_hit(story: str, entity: dict[str, Any]) -> EntityHitOut:
    return EntityHitOut(story=story, id=str(entity["id"]), name=str(entity["name"]), kind=str(entity["kind"]),
                        mentions=len(entity.get("mentions") or []), href=f"/entities/{story}/{entity['id']}")


def _search(store: Store, state: _State, query: str) -> SearchOut:
    hits = store.search(query, limit=50)
    articles = [
        ArticleHitOut(article=h.article_id, story=h.story_id, title=h.title, published=h.published,
                      snippet=h.snippet, href=f"/articles/{h.article_id}")
        for h in hits
    ]
    entities: list[EntityHitOut] = []
    for story in list(dict.fromkeys(h.story_id for h in hits))[:_SEARCH_STORIES]:
        dossier = state.load(store, story).dossier
        entities.extend(_entity_hit(story, dict(e)) for e in matching_entities(query, dossier))
    entities.sort(key=lambda e: -e.mentions)
    return SearchOut(query=query, articles=articles, entities=entities)


def _article(store: Store, state: _State, article_id: str, target: tuple[int, int] | None) -> dict[str, Any]:
    story = store.article_story(article_id)
    if story is None:
        raise HTTPException(404, f"no article {article_id}")
    loaded = state.load(store, story)
    raw = next((a for a in loaded.dossier["articles"] if a["id"] == article_id), None)
    text = loaded.texts.get(article_id)
    if raw is None or text is None:
        raise HTTPException(404, f"no article {article_id}")
    marks = article_marks(loaded.dossier, article_id, f"/stories/{story}")
    return {
        "story": story, "dossier": loaded.dossier, "article": raw, "text": text, "marks": marks,
        "lines": segment_lines(text, raw["lines"], marks, target),
    }


def _entity(store: Store, state: _State, story: str, entity_id: str) -> tuple[EntityOut, list[EntityMention]]:
    """An entity of a story, its mentions with their context, and the same entity in the
    other stories that name it."""
    loaded = state.load(store, story)
    entity = find_entity(loaded.dossier, entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id} in {story}")
    labels = {a["id"]: a.get("outlet") or a.get("title") or source_name(a["source"]) for a in loaded.dossier["articles"]}
    mentions = entity_mentions(entity, loaded.texts, labels)
    # other stories are looked for through the full-text index, one search per name
    stories: dict[str, None] = {}
    for name in [entity["name"], *(entity.get("variants") or [])]:
        stories.update(dict.fromkeys(h.story_id for h in store.search(str(name), limit=100)))
    stories.pop(story, None)
    elsewhere = [
        _entity_hit(other, dict(e))
        for other in list(stories)[:_SEARCH_STORIES]
        for e in same_entities(entity, state.load(store, other).dossier)
    ]
    out = EntityOut(
        story=story, id=entity_id, name=str(entity["name"]), kind=str(entity["kind"]),
        variants=[str(v) for v in entity.get("variants") or []],
        mentions=[MentionOut(article=m.article, start=m.start, end=m.end, text=m.text, href=m.href)
                  for m in mentions],
        elsewhere=elsewhere,
    )
    return out, mentions


def safe_name(filename: str | None) -> str:
    """An uploaded file's name reduced to a harmless base name: no folder part, no
    leading dot, letters, digits, '.', '_' and '-' only, 80 characters at most."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = _SAFE_NAME.sub("_", base).lstrip("._")[-80:]
    return cleaned or "upload.txt"


def _store_upload(config: WebConfig, filename: str | None, data: bytes) -> Path:
    """Keep an uploaded file in the upload folder (named by its content, so that sending
    it twice keeps one copy) and return its path: the article's source."""
    folder = config.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:12]}-{safe_name(filename)}"
    if path.resolve().parent != folder.resolve():  # cannot happen with safe_name; kept as a last check
        raise HTTPException(400, "invalid file name")
    path.write_bytes(data)
    return path


# -- the application --------------------------------------------------------------------


def create_app(config: WebConfig) -> FastAPI:
    """Build the web application over the store of `config` (created when missing)."""
    with Store(config.db):  # fail now, not at the first request, when the store is unusable
        pass
    state = _State(config)
    app = FastAPI(
        title="corroborate",
        version=__version__,
        description="The dossiers of a corroborate store: stories, articles, entities, search, and "
        "adding articles. Story dossiers follow the JSON contract of OUTPUT.md.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /api documents offline instead
        redoc_url=None,
    )
    app.add_middleware(Guard, max_body=config.max_upload_bytes + 64 * 1024)  # multipart framing
    if not config.public:
        # a page of another site that resolves its own name to 127.0.0.1 (DNS rebinding)
        # gets no answer: only local host names are served
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOCAL_HOSTS, *config.extra_hosts])

    # -- JSON API --

    @app.get("/api/stories", response_model=list[StoryOut], tags=["stories"], summary="List the stories")
    def api_stories(
        q: Annotated[str | None, Query(description="Only stories with an article matching these words.")] = None,
        lang: Annotated[str | None, Query(description="Only stories with an article in this language.")] = None,
        date_from: Annotated[str | None, Query(alias="from", description="ISO date: stories ending on or after it.")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="ISO date: stories starting on or before it.")] = None,
    ) -> list[StoryOut]:
        """Stories, largest first, with their size, dates and languages."""
        with state.store() as store:
            only = {h.story_id for h in store.search(q, limit=1000)} if q else None
            items = filter_stories(story_items(store, state), lang, date_from, date_to, only)
        return [_story_out(item) for item in items]

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="A story's dossier")
    def api_story(story_id: StoryId) -> JSONResponse:
        """The dossier of a story, as `stories/<id>.json` of OUTPUT.md."""
        with state.store() as store:
            return JSONResponse(state.load(store, story_id).dossier)

    @app.get("/api/articles/{article_id}", response_model=ArticleOut, tags=["articles"],
             summary="An article with its lines and highlighted spans")
    def api_article(article_id: ArticleId) -> ArticleOut:
        """The text of an article, its labelled lines, and every span the dossier cites
        in it (entities, time expressions, figures, quotes) with its dossier link."""
        with state.store() as store:
            found = _article(store, state, article_id, None)
        raw, text = found["article"], found["text"]
        return ArticleOut(
            id=article_id, story=found["story"], source=raw["source"], title=raw.get("title"),
            outlet=raw.get("outlet"), language=raw["language"], published=raw.get("published"), text=text,
            lines=raw["lines"],
            marks=[MarkOut(kind=m.kind, start=m.start, end=m.end, text=text[m.start:m.end], title=m.title,
                           href=m.href) for m in found["marks"]],
        )

    @app.get("/api/entities/{story_id}/{entity_id}", response_model=EntityOut, tags=["entities"],
             summary="An entity: variants, mentions, the same entity in other stories")
    def api_entity(story_id: StoryId, entity_id: EntityId) -> EntityOut:
        with state.store() as store:
            return _entity(store, state, story_id, entity_id)[0]

    @app.get("/api/search", response_model=SearchOut, tags=["search"], summary="Search articles and entities")
    def api_search(q: Annotated[str, Query(min_length=1, max_length=500, description="Words, accents and case ignored.")]) -> SearchOut:
        """Articles holding every word (best first, snippet marked with [ ]) and the
        entities of their stories whose name or a variant holds them."""
        with state.store() as store:
            return _search(store, state, q)

    @app.post("/api/upload", response_model=UploadOut, tags=["articles"], summary="Add a file to the store")
    def api_upload(file: UploadFile) -> UploadOut:
        """Read one file (text, HTML, JSONL, WARC, gzip) into the store, as `corroborate
        ingest` does. Files over the upload limit are refused with 413."""
        data = file.file.read(config.max_upload_bytes + 1)
        name = safe_name(file.filename)
        if len(data) > config.max_upload_bytes:
            raise HTTPException(413, f"{name} is over the upload limit of {config.max_upload_bytes:,} bytes")
        path = _store_upload(config, file.filename, data)
        with state.ingest_lock, state.store() as store:
            report = ingest([str(path)], store, config.settings, config.today or date.today())
            article = next((i.article_id for i in store.inputs() if i.source.startswith(str(path))), None)
        story = next(iter(report.stories), None)
        if report.failures:
            failure = report.failures[0]
            return UploadOut(file=name, status=failure.status, article=None, story=None, error=failure.error,
                             href=None)
        return UploadOut(file=name, status="added" if report.added else "already-stored", article=article,
                         story=story, error=None, href=f"/stories/{story}" if story else None)

    # -- pages --

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: str = "", lang: str = "", date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
    ) -> HTMLResponse:
        with state.store() as store:
            items = story_items(store, state)
            found = _search(store, state, q) if q.strip() else None
        only = {h.story for h in found.articles} if found is not None else None
        shown = filter_stories(items, lang or None, date_from or None, date_to or None, only)
        languages = sorted({lang_ for item in items for lang_ in item.languages})
        return _page("stories.html.j2", stories=shown, total=len(items), found=found, q=q, lang=lang,
                     date_from=date_from, date_to=date_to, languages=languages)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: StoryId) -> HTMLResponse:
        with state.store() as store:
            dossier = state.load(store, story_id).dossier
        view = build_view(dossier)
        index = cite_index(dossier)
        return _page("story.html.j2", view=view, chart=build_chart(view.timeline),
                     cite=lambda marker: cite_of(index, marker), article_ids=[a.id for a in view.articles])

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: ArticleId, s: int | None = None, e: int | None = None) -> HTMLResponse:
        target = (s, e) if s is not None and e is not None and 0 <= s < e else None
        with state.store() as store:
            found = _article(store, state, article_id, target)
        number = next(n for n, a in enumerate(found["dossier"]["articles"], 1) if a["id"] == article_id)
        return _page("article.html.j2", number=number, target=target, **found)

    @app.get("/entities/{story_id}/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(story_id: StoryId, entity_id: EntityId) -> HTMLResponse:
        with state.store() as store:
            entity, mentions = _entity(store, state, story_id, entity_id)
            title = state.load(store, story_id).dossier["story"]["title"]
        return _page("entity.html.j2", entity=entity, mentions=mentions, story_title=title)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return _page("upload.html.j2", limit=config.max_upload_bytes)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page() -> HTMLResponse:
        return _page("api.html.j2", spec=app.openapi())

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        # a fixed list of names: nothing from the URL ever becomes a path
        if name not in _STATIC:
            raise HTTPException(404, "no such file")
        return Response(static_file(name), media_type=_STATIC[name],
                        headers={"cache-control": "no-cache"})

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _page("error.html.j2", status=exc.status_code, status_code=exc.status_code, detail=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        # a malformed id in a page's URL is a page that does not exist
        return _page("error.html.j2", status=404, status_code=404, detail="no such page")

    return app
