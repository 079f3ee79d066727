"""Report metadata read from the title: period and level of government.

"Отчет о мероприятиях …, проведенных исполнительными органами Смоленской области …
в III квартале 2023 года" → year 2023, quarter 3, level "regional".
"""
from __future__ import annotations

import re

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

YEAR = re.compile(r"\b(20\d{2}|19\d{2})\s*(?:г\.|год)", re.IGNORECASE)
QUARTER = re.compile(r"\b(IV|III|II|I|[1-4])\s*(?:-?\s*(?:м|ом|й))?\s*квартал", re.IGNORECASE)
HALF_YEAR = re.compile(r"\b(II|I|[12])\s*(?:-?\s*(?:м|ом|е))?\s*полугоди", re.IGNORECASE)

#: Which words in the title say who held the events.
LEVELS = (
    ("municipal", re.compile(r"местного\s+самоуправления|муниципальн", re.IGNORECASE)),
    ("regional", re.compile(r"исполнительными\s+органами|органами\s+исполнительной\s+власти|"
                            r"органами\s+государственной\s+власти", re.IGNORECASE)),
)


def _number(token: str) -> int:
    return ROMAN.get(token.upper()) or int(token)


def read_title(title: str) -> dict[str, object]:
    """Whatever the title says about year, quarter, half-year and level; missing keys mean unknown."""
    found: dict[str, object] = {}
    if m := YEAR.search(title):
        found["year"] = int(m.group(1))
    if m := QUARTER.search(title):
        found["quarter"] = _number(m.group(1))
    elif m := HALF_YEAR.search(title):
        found["half_year"] = _number(m.group(1))
    for level, pattern in LEVELS:
        if pattern.search(title):
            found["level"] = level
            break
    return found
