"""Language identification of an article's body with py3langid."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol

from .model import Line

UNKNOWN = "und"


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # the model shipped in the package, with probabilities normalised to 0..1
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)  # type: ignore[no-any-return]


def identify_language(text: str, lines: Sequence[Line], min_confidence: float = 0.5) -> str:
    """Reads the body lines of an article, produces its ISO 639-1 language code (`und`
    when the body is too short or the identifier unsure)."""
    body = "\n".join(line.span.of(text) for line in lines if line.label.is_body)
    if len(body.strip()) < 20:
        body = text
    if len(body.strip()) < 20:
        return UNKNOWN
    lang, confidence = _identifier().classify(body[:20_000])
    return lang if confidence >= min_confidence else UNKNOWN
