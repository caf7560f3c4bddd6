"""Dates: time expressions in an article, and its publication date.

`expressions` finds and resolves time expressions; `published` infers the publication
date.  The stage's public names are re-exported here.
"""

from .expressions import DateLexicon, Timex, date_lexicon, find_time_expressions, find_timexes
from .published import (
    DAY_FROM_STORY,
    FROM_RELATED_LINKS,
    YEAR_ASSUMED,
    YEAR_FROM_COLLECTION,
    YEAR_FROM_STORY,
    infer_published,
)

__all__ = [
    "DAY_FROM_STORY",
    "FROM_RELATED_LINKS",
    "YEAR_ASSUMED",
    "YEAR_FROM_COLLECTION",
    "YEAR_FROM_STORY",
    "DateLexicon",
    "Timex",
    "date_lexicon",
    "find_time_expressions",
    "find_timexes",
    "infer_published",
]
