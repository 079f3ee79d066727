"""Report metadata read from the title: period and level of government.

"Отчет о мероприятиях …, проведенных исполнительными органами Смоленской области …
в III квартале 2023 года" → year 2023, quarter 3, level "regional". The year is the one
the period names; a date in a cover line before the title ("от 12 января 2024 г. № 15")
is not the report's year.
"""
from __future__ import annotations

import re

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

YEAR = re.compile(r"\b(20\d{2}|19\d{2})\s*(?:г\.|год)", re.IGNORECASE)
#: A year right after the period it belongs to: "в IV квартале 2023 года", "за I полугодие 2024 г.".
PERIOD_YEAR = re.compile(r"(?:квартал|полугоди)\w*\s+(20\d{2}|19\d{2})\b", re.IGNORECASE)
#: Dates in cover lines ("от 12 января 2024 г. № 15", "от 12.01.2024"): their year is no report's period.
DATE = re.compile(r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
                  r"\s+(?:20|19)\d{2}|\b\d{1,2}\.\d{1,2}\.(?:20|19)\d{2}", re.IGNORECASE)
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
    if m := PERIOD_YEAR.search(title) or YEAR.search(DATE.sub(" ", title)):
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
