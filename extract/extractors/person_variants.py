"""One person written several ways in a row, listed once in the fullest form.

Press releases name a person in full first and by initials after ("Мэр Казани Ильсур
Раисович Метшин … И.Р. Метшин выразил надежду"), or by first name and surname in
one column and initials in the other. Two names are one person when their surnames
are the same and every other part agrees (a full first name and its initial agree;
a missing part agrees with anything). The fullest form is kept (annotations/GUIDE.md):
full name with patronymic, then "И.О. Фамилия", then "Имя Фамилия", then "И. Фамилия".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.morph import parses as readings_of

_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$")


@dataclass(frozen=True)
class NameParts:
    """A normalized name taken apart: surname, first name and patronymic (each a word, an initial
    or None)."""

    surname: str
    first: str | None
    patronymic: str | None

    @property
    def rank(self) -> int:
        """How full the name is, by the guide's order of preference."""
        full_first = self.first is not None and not self.first.endswith(".")
        full_patronymic = self.patronymic is not None and not self.patronymic.endswith(".")
        if full_first and full_patronymic:
            return 4
        if self.first and self.patronymic:
            return 3
        if full_first:
            return 2
        return 1 if self.first else 0

    def agrees(self, other: "NameParts") -> bool:
        return _fold(self.surname) == _fold(other.surname) and _part_agrees(self.first, other.first) \
            and _part_agrees(self.patronymic, other.patronymic)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _part_agrees(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    if a.endswith(".") or b.endswith("."):
        short, long_ = sorted((_fold(a).split(".")[0], _fold(b).split(".")[0]), key=len)
        return long_.startswith(short)  # "Дж." agrees with "Джамшед", "И." with "Ильсур"
    return _fold(a) == _fold(b)


def _is_patronymic(word: str) -> bool:
    return bool(_PATRONYMIC.search(word.lower())) or any("Patr" in p.tag for p in readings_of(word.lower()))


def parts_of(name: str) -> NameParts | None:
    """"И.Р. Метшин", "Ильсур Раисович Метшин", "Ларионова Светлана Викторовна", "Мохсен Тойсеркани"."""
    words = re.findall(r"(?:Дж|[А-ЯЁA-Z])\.(?:-(?:Дж|[А-ЯЁ])\.)?|[^\s.]+", name)
    initials = [w for w in words if w.endswith(".")]
    names = [w for w in words if not w.endswith(".")]
    if not names:
        return None
    if initials:
        return NameParts(names[-1], initials[0], initials[1] if len(initials) > 1 else None)
    if len(names) == 3 and _is_patronymic(names[2]) and not _is_patronymic(names[1]):
        return NameParts(names[0], names[1], names[2])  # surname first: "Иванов Иван Иванович"
    if len(names) == 3 and _is_patronymic(names[1]):
        return NameParts(names[2], names[0], names[1])
    if len(names) == 2:
        return NameParts(names[1], names[0], None)
    if len(names) == 1:
        return NameParts(names[0], None, None)
    return None  # a longer foreign name: no parts to compare, it stands alone


def merge_person_variants(names: list[str]) -> list[str]:
    """The row's persons, each once, in its fullest form, in the order of first mention."""
    parsed = [parts_of(n) for n in names]
    kept: list[int] = []
    for i, parts in enumerate(parsed):
        same = next((k for k in kept if parts is not None and parsed[k] is not None and parts.agrees(parsed[k])),
                    None)
        if same is None:
            kept.append(i)
        elif parts.rank > parsed[same].rank:
            kept[kept.index(same)] = i
    return [names[i] for i in sorted(kept)]
