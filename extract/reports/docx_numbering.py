"""Word's list numbering: the label ("3", "3.2") Word shows before a numbered paragraph.

Row numbers are usually Word's automatic numbering (`w:numPr` on the № cell's
paragraph, directly or through its style), which is no text of the cell, so they
are computed from numbering.xml as Word does: levels with their start values and
number formats, `lvlText` saying which levels a label shows ("%1.%2."), list
instances sharing an abstract list's counters unless they override its start,
deeper levels restarting when a higher one is used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from extract.reports.numbers import COUNTING_FORMATS, list_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(local: str) -> str:
    return f"{{{W}}}{local}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return el.get(w("val"), default) if el is not None else default


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    shown: list[int] | None = None  # levels the label shows; None: this level alone
    restart: int | None = None  # restart after a use of this (1-based) level; 0: never; None: after any higher

    @classmethod
    def of(cls, lvl: etree._Element, base: "Level | None" = None) -> "Level":
        level = Level(**vars(base)) if base else Level()
        if (start := _val(lvl.find(w("start")))) is not None:
            level.start = int(start)
        if (fmt := _val(lvl.find(w("numFmt")))) is not None:
            level.fmt = fmt
        if (text := _val(lvl.find(w("lvlText")))) is not None:
            level.shown = [int(d) - 1 for d in re.findall(r"%([1-9])", text)]
        if (restart := _val(lvl.find(w("lvlRestart")))) is not None:
            level.restart = int(restart)
        return level


@dataclass
class Numbering:
    """Counts numbered paragraphs in document order; `label(p)` must be called for each paragraph in order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    abstract_of: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_parent: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    started: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def of(cls, numbering: etree._Element | None, styles: etree._Element | None) -> "Numbering":
        self = cls()
        if styles is not None:
            for style in styles.iter(w("style")):
                sid = style.get(w("styleId"))
                if (parent := _val(style.find(w("basedOn")))) is not None:
                    self.style_parent[sid] = parent
                num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
                if num_pr is not None:
                    self.style_num[sid] = (_val(num_pr.find(w("numId"))), _int(_val(num_pr.find(w("ilvl")))))
        if numbering is None:
            return self
        abstract: dict[str, dict[int, Level]] = {}
        for a in numbering.iter(w("abstractNum")):
            abstract[a.get(w("abstractNumId"))] = {int(lvl.get(w("ilvl"), "0")): Level.of(lvl)
                                                   for lvl in a.findall(w("lvl"))}
        for num in numbering.iter(w("num")):
            num_id = num.get(w("numId"))
            aid = _val(num.find(w("abstractNumId")))
            self.abstract_of[num_id] = aid
            levels = dict(abstract.get(aid, {}))
            for o in num.findall(w("lvlOverride")):
                ilvl = int(o.get(w("ilvl"), "0"))
                if (start := _val(o.find(w("startOverride")))) is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = int(start)
                if (lvl := o.find(w("lvl"))) is not None:
                    levels[ilvl] = Level.of(lvl, levels.get(ilvl))
            self.levels[num_id] = levels
        return self

    def _reference(self, paragraph: etree._Element) -> tuple[str, int] | None:
        ppr = paragraph.find(w("pPr"))
        if ppr is None:
            return None
        num_pr = ppr.find(w("numPr"))
        num_id = ilvl = None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr.find(w("numId"))), _int(_val(num_pr.find(w("ilvl"))))
        style = _val(ppr.find(w("pStyle")))
        seen: set[str] = set()
        while style and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            s_num, s_lvl = self.style_num.get(style, (None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
            style = self.style_parent.get(style)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        return num_id, ilvl or 0

    def label(self, paragraph: etree._Element) -> str | None:
        """Advance the counters for this paragraph; its label if it is an item of a counting list."""
        ref = self._reference(paragraph)
        if ref is None:
            return None
        num_id, ilvl = ref
        key = self.abstract_of.get(num_id) or num_id
        counters = self.counters.setdefault(key, {})
        levels = self.levels[num_id]
        level = levels.get(ilvl, Level())
        override = self.overrides.get(num_id, {})
        if ilvl in override and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = override[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or 0 < restart <= ilvl + 1:
                del counters[deeper]
        if level.fmt not in COUNTING_FORMATS:
            return None
        shown = level.shown if level.shown else [ilvl]
        values = {lv: counters.get(lv, levels.get(lv, Level()).start) for lv in shown}
        return list_label(values, shown)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None
