"""The pipeline across articles: what one article teaches about the next."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from corroborate.model import LineLabel
from corroborate.pipeline import ingest
from corroborate.settings import load_settings
from corroborate.store import Store

FURNITURE = "Toute l'actualité de Lyon et de sa métropole"

BODIES = [
    ("Le conseil municipal de Lyon a voté lundi la rénovation de la piscine du quartier de la Duchère.",
     "Les travaux dureront six mois et coûteront deux millions d'euros, selon la métropole de Lyon.",
     "Les nageurs du club de Lyon s'entraîneront pendant ce temps dans les bassins de Villeurbanne.",
     "La réouverture de la piscine est prévue pour la rentrée de septembre, a précisé la mairie."),
    ("La préfecture de la métropole de Lyon a ordonné mardi la fermeture d'une usine chimique.",
     "Les inspecteurs ont relevé plusieurs fuites, a indiqué la préfecture dans un communiqué.",
     "Les riverains de l'usine de Lyon avaient signalé des odeurs suspectes depuis plusieurs semaines.",
     "L'exploitant dispose d'un mois pour présenter un plan de mise en conformité à la préfecture."),
    ("Un nouveau tramway reliera la gare de Vénissieux au centre de Lyon dès le printemps prochain.",
     "Le chantier a commencé mercredi à Lyon, a précisé le président de la métropole lors d'une visite.",
     "La ligne comptera douze stations et transportera trente mille voyageurs par jour, selon la métropole.",
     "Les commerçants du quartier redoutent les travaux, qui dureront dix-huit mois au moins."),
]


def _feed(tmp_path: Path) -> Path:
    feed = tmp_path / "feed.jsonl"
    records = [
        {"text": "\n".join((*body[:2], FURNITURE, *body[2:])) + "\n", "outlet": "Le Progrès Test",
         "published": f"2022-03-0{i + 1}"}
        for i, body in enumerate(BODIES)
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return feed


def test_pipeline_lines_an_outlet_repeats_become_page_furniture(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(_feed(tmp_path))], store, load_settings(), date(2026, 11, 22))
        assert report.added == 3
        labels = []
        for annotated in sorted(store.articles(), key=lambda a: a.article.source):
            line = next(x for x in annotated.lines if x.span.of(annotated.article.text) == FURNITURE)
            labels.append(line.label)
    # the first two articles cannot know the line is furniture; the third can
    assert labels[0].is_body and labels[1].is_body
    assert not labels[2].is_body and labels[2] is not LineLabel.BLANK


def test_pipeline_other_outlets_do_not_share_furniture(tmp_path: Path) -> None:
    feed = _feed(tmp_path)
    records = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()]
    for i, record in enumerate(records):
        record["outlet"] = f"Outlet {i}"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest([str(feed)], store, load_settings(), date(2026, 11, 22))
        for annotated in store.articles():
            line = next(x for x in annotated.lines if x.span.of(annotated.article.text) == FURNITURE)
            assert line.label.is_body
