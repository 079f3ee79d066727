"""Row text for the sector model: the lemmas of name + goal + participants, plus prior tags.

Each taxonomy keyword found adds a tag token `kw_<sector>` after the lemmas, so the
model sees "a culture word" as one shared feature besides the word itself: this is
how the taxonomy's own words enter as a prior (model.py gives the tags their own
feature block), and why a sector with few labelled rows can still be recognised.

Lemmatising here, before the scikit-learn pipeline, keeps the saved model free of
our own callables: it holds only scikit-learn types, so skops loads it with no
trusted-code exceptions. Place and dates are left out: they say where and when,
not what kind of event.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from extract.morph import lemma, parses
from extract.sector.taxonomy import Sector, load_sectors, normalize

#: The columns whose text describes the kind of event.
TEXT_FIELDS: tuple[str, ...] = ("name", "goal", "participants")
#: Parts of speech that carry no topic (prepositions, conjunctions, particles, pronouns, numerals).
_STOP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR"})
#: Prefix of the prior tags; lemmas never contain "_", so tags cannot collide with words.
PRIOR_TAG = "kw_"
_TOKEN = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|[A-Za-z]+")


@lru_cache(maxsize=100_000)
def _is_stop(word: str) -> bool:
    if len(word) < 2:
        return True
    return parses(word)[0].tag.POS in _STOP_POS


def lemmas(text: str) -> list[str]:
    """Content-word lemmas of a text, lower-cased, ё→е, in order."""
    return [normalize(lemma(w)) for w in _TOKEN.findall(text) if not _is_stop(w.lower())]


def row_text(fields: Mapping[str, str | None]) -> str:
    """The raw text the sector is judged from: name, goal and participants joined."""
    return "\n".join(fields.get(k) or "" for k in TEXT_FIELDS).strip()


def with_prior(tokens: list[str]) -> str:
    """Lemmas joined by spaces, then one `kw_<sector>` tag per taxonomy keyword they contain."""
    text = " ".join(tokens)
    counts = keyword_counts(text, load_sectors())
    tags = [f"{PRIOR_TAG}{code}" for code, n in counts.items() for _ in range(n)]
    return " ".join([text] + tags) if tags else text


def prepare(fields: Mapping[str, str | None]) -> str:
    """The model's input for one row: its content lemmas and prior tags, joined by spaces."""
    return with_prior(lemmas(row_text(fields)))


def pseudo_document(sector: Sector) -> str:
    """A sector's own words as one training text: its label and keywords, lemmatised and tagged."""
    return with_prior(lemmas(" ".join((sector.label,) + sector.keywords)))


@lru_cache(maxsize=64)
def _keyword_lemmas(keywords: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each keyword phrase as the lemma sequence `prepare` would give it."""
    return tuple(t for t in (tuple(lemmas(k)) for k in keywords) if t)


def keyword_counts(prepared: str, sectors: tuple[Sector, ...]) -> dict[str, int]:
    """How many of each sector's keywords (single lemmas or lemma phrases) a prepared text holds."""
    tokens = [t for t in prepared.split() if not t.startswith(PRIOR_TAG)]
    grams: Counter[tuple[str, ...]] = Counter()  # every n-gram of the text, counted once
    for n in {len(phrase) for s in sectors for phrase in _keyword_lemmas(s.keywords)}:
        grams.update(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return {s.code: sum(grams[phrase] for phrase in _keyword_lemmas(s.keywords)) for s in sectors}
