"""Row numbers as clerks write them, and as list numbering formats them, to one label.

A label is digits and dots: "1", "12", "3.2". Typed forms "1", "1.", "1)", "1.1.",
"№ 5" and Roman numerals ("IV") all give one; Roman numerals become digits, so a
report numbered I, II, III has ids #1, #2, #3.
"""
from __future__ import annotations

import re

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")

#: A cell holding only a row number.
TYPED = re.compile(r"^\s*(?:№\s*)?(?P<label>\d{1,4}(?:\s*\.\s*\d{1,3})*|[IVXLC]{1,7})\s*[.)]?\s*$")
#: A number at the start of a name cell ("1. Фестиваль …", "2) Визит …"): a dot or bracket must follow,
#: so "5 марта" or "2023 год" is not taken for one.
LEADING = re.compile(r"^\s*(?P<label>\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s+(?=\S)")
#: List markers before an item of a numbered group ("- 12 мая – …", "• визит …").
ITEM_MARKER = re.compile(r"^\s*[-–—•·*▪●]\s*")


def roman_value(token: str) -> int | None:
    token = token.upper()
    if not ROMAN.match(token):
        return None
    values = [ROMAN_VALUES[c] for c in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _normal(label: str) -> str | None:
    label = re.sub(r"\s+", "", label)
    if label.isalpha():
        value = roman_value(label)
        return str(value) if value else None
    parts = [p for p in label.split(".") if p]
    return ".".join(str(int(p)) for p in parts) if parts else None


def typed_label(text: str) -> str | None:
    """The label of a cell that holds only a number: "12." → "12", "1)" → "1", "IV" → "4", "1.1." → "1.1"."""
    m = TYPED.match(text)
    return _normal(m.group("label")) if m else None


def leading_label(text: str) -> tuple[str, str] | None:
    """A number opening a name cell, and the text after it: "1. Фестиваль" → ("1", "Фестиваль")."""
    m = LEADING.match(text)
    if not m:
        return None
    return _normal(m.group("label")), text[m.end():]


def top_number(label: str) -> int:
    """The integer a label starts with ("3.2" → 3): the `row` of a record."""
    return int(label.split(".")[0])


#: List number formats that number (everything else — bullets, "none" — does not).
COUNTING_FORMATS = frozenset({
    "decimal", "decimalZero", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal",
    "cardinalText", "ordinalText", "russianUpper", "russianLower", "decimalEnclosedParen",
    "decimalEnclosedCircle", "decimalEnclosedFullstop", "decimalFullWidth", "decimalHalfWidth",
    # OpenDocument's style:num-format values
    "1", "I", "i", "A", "a", "А", "а",
})


def list_label(values: dict[int, int], shown: list[int]) -> str:
    """The label of a list item: the counters of the levels its number shows, joined by dots
    (Word's lvlText "%1.%2." shows levels 0 and 1)."""
    return ".".join(str(values.get(level, 1)) for level in shown)
