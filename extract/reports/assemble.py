"""From a reader's document to a report: its table found by the header, each row read for what it is.

A report table is a table whose header row names its columns (or, failing a header,
a table of six columns, read in the samples' order); a table after it with the same
number of columns and no header continues it (Word starts a new table after a page
break, a PDF has one per page). Text before the first report table is the title,
text after the last is the closing summary (`notes`), paragraphs between two report
tables are headers.

Rows are read by what their cells hold:

- a row with a number and text is an event; a number alone is no event (warned);
- a numbered row with only a name, followed by unnumbered rows, is a group: each row
  under it is an event numbered "group.k" ("3.1", "3.2"), with the group's name as
  its `group`;
- an unnumbered row with one text in the number or name column (or across the row)
  is a header: sector and body in regional reports, municipality in municipal ones;
- any other unnumbered row continues the event above (Word splits rows across
  pages, clerks paste continuations): its cells are joined to that event's, with a
  warning, or silently where the format itself split the row (a PDF page, a merged
  number cell);
- a row of column numbers ("1 2 3 4 5 6") and a repeated header row are layout.

Ids are the file stem, "#" and the row's number. Where numbering starts again (per
section, or a clerk's repeat), the rows from there on are prefixed with the count of
numbering runs: `stem#2/1` is row 1 of the second run. Ids are unique in a report and
the same on every run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.records import FIELDS, Report, ReportInfo, Row
from extract.reports.errors import ReportError
from extract.reports.layout import NUMBER, Column, Layout, is_column_numbers, merge_header, positional_layout, read_header
from extract.reports.numbers import ITEM_MARKER, leading_label, top_number, typed_label
from extract.reports.table import Paragraph, RawDocument, RawRow, RawTable, is_sector_header, join_wrapped, tidy
from extract.reports.title import read_title

#: Paragraphs between two parts of a table that only say it goes on.
CONTINUATION_MARK = re.compile(r"^\s*(продолжение|окончание)\s+(таблицы|приложения)\b.{0,20}$", re.IGNORECASE)
#: Rows at the top of a table searched for its header.
HEADER_SEARCH_ROWS = 4


@dataclass
class _Line:
    """One item of the report in order: a table row read through its layout, or a header paragraph."""

    label: str | None = None
    fields: dict[str, str | None] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # distinct filled cells (not the number, not merged copies)
    header_like: bool = False
    text_columns: set[int] = field(default_factory=set)
    number_text: str = ""
    raw: RawRow | None = None
    layout: Layout | None = None
    page_start: bool = False  # the first row of a PDF page's table: it may be the rest of the row the page cut
    paragraph: str | None = None
    kind: str = ""  # header | event | group | item | continuation | empty | skip


@dataclass
class _Event:
    label: str
    fields: dict[str, str | None]
    extra: dict[str, str]
    section: str | None
    subsection: str | None
    group: str | None
    warnings: list[str]
    after_header: bool
    missing: list[str]


def _table_roles(doc: RawDocument, warn: list[str]) -> list[tuple[Layout | None, int]]:
    """For each block: the layout its rows are read with (None: not a report table) and how many
    of its first rows are the header."""
    plan: list[tuple[Layout | None, int]] = []
    current: Layout | None = None
    for block in doc.blocks:
        if not isinstance(block, RawTable):
            plan.append((None, 0))
            continue
        found = _find_header(block)
        if found:
            current = found[0]
            plan.append(found)
        elif current is not None and block.width == current.width:
            plan.append((current, 0))
        elif current is None and block.width == len(FIELDS) + 1 and block.rows:
            current = positional_layout()
            warn.append("no column header recognised: the six columns are read as №, name, place, dates, goal, "
                        "participants")
            plan.append((current, 0))
        else:
            plan.append((None, 0))
    return plan


def _find_header(table: RawTable) -> tuple[Layout, int] | None:
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if row.full_width:
            continue
        layout = read_header(row.cells)
        if layout is None:
            continue
        used = i + 1
        if used < len(table.rows) and _sub_header(row.cells, table.rows[used]):
            layout, used = merge_header(row.cells, table.rows[used].cells) or layout, used + 1
        while used < len(table.rows) and is_column_numbers(table.rows[used].cells):
            used += 1
        return _number_column_by_content(layout, table.rows[used:]), used
    return None


def _number_column_by_content(layout: Layout, rows: list[RawRow]) -> Layout:
    """A header whose № cell says nothing known ("?", "п.", an empty cell): the column of no field whose
    cells are row numbers is the number column."""
    if layout.number_column is not None:
        return layout
    for i, column in enumerate(layout.columns):
        if column.roles:
            continue
        values = [tidy(r.cells[i]) for r in rows if not r.full_width and i < len(r.cells) and tidy(r.cells[i])]
        if values and 2 * sum(typed_label(v) is not None for v in values) > len(values):
            columns = list(layout.columns)
            columns[i] = Column(column.header, (NUMBER,))
            return Layout(tuple(columns))
        break  # only the first column of no field is looked at
    return layout


def _sub_header(top: list[str], below: RawRow) -> bool:
    """A header's second storey ("Участники" spanning "всего" | "из них иностранных"): short words, no
    number, only under the columns a top cell spans."""
    spanned = {c for c in range(len(top)) if (c > 0 and top[c] == top[c - 1]) or (c + 1 < len(top) and
                                                                                top[c] == top[c + 1])}
    texts = [tidy(c) for c in below.cells]
    filled = {c for c, t in enumerate(texts) if t}
    return bool(filled) and not below.full_width and filled <= spanned and \
        all(len(texts[c]) <= 40 and not re.search(r"\d", texts[c]) for c in filled)


def _read_line(raw: RawRow, layout: Layout) -> _Line:
    cells = [tidy(c) for c in raw.cells]
    number_column, name_column = layout.number_column, layout.name_column
    label = None
    number_text = ""
    if number_column is not None and number_column < len(cells):
        number_text = cells[number_column]
        label = typed_label(number_text) or (raw.list_label(number_column) if not number_text else None)
    elif name_column is not None and name_column < len(cells):
        leading = leading_label(cells[name_column])
        if leading:
            label, cells[name_column] = leading[0], leading[1]
        else:
            label = raw.list_label(name_column)
    fields, extra = layout.split(cells)
    text_columns = {i for i, t in enumerate(cells) if t and i != number_column and i not in raw.merged}
    texts = list(dict.fromkeys(cells[i] for i in sorted(text_columns)))
    if number_column is not None and number_text and label is None:  # "*", "-", "б/н": text, not a number
        texts.insert(0, number_text)
        text_columns.add(number_column)
    spans_row = raw.full_width or (len(texts) == 1 and len(text_columns) >= max(2, layout.width - 1))
    in_heading_column = len(texts) == 1 and text_columns <= {c for c in (number_column, name_column, 0) if c is not None}
    return _Line(label, fields, extra, texts, spans_row or in_heading_column, text_columns, number_text, raw, layout)


def _header_text(line: _Line) -> str:
    if line.paragraph is not None:
        return line.paragraph
    parts = ([line.number_text] if line.label is not None and line.number_text else []) + line.texts
    return " ".join(dict.fromkeys(p for p in parts if p))


def _classify(lines: list[_Line]) -> None:
    """Set each line's kind; groups need the rows after them, so this looks ahead."""
    in_group = False
    has_event = False
    for i, line in enumerate(lines):
        if line.kind:
            continue
        if line.paragraph is not None:
            line.kind, in_group = "header", False
            continue
        raw, layout = line.raw, line.layout
        assert raw is not None and layout is not None
        if line.label is None:
            number_column = layout.number_column
            if not line.texts:
                line.kind = "skip"
            elif has_event and (line.page_start or (number_column is not None and number_column in raw.merged)) \
                    and not raw.full_width:
                line.kind = "continuation"
            elif line.header_like:
                marker = in_group and bool(ITEM_MARKER.match(line.texts[0]))
                line.kind = "item" if marker else "header"
                in_group = marker
            elif in_group:
                name = layout.name_column
                line.kind = "item" if name is not None and name in line.text_columns else "continuation"
            elif has_event:
                line.kind = "continuation"
            else:
                line.kind = "orphan"
            continue
        if not line.texts:
            line.kind, in_group = "empty", False
            continue
        name_only = line.text_columns <= {layout.name_column} or line.header_like
        nxt = next((n for n in lines[i + 1:] if n.paragraph is not None or n.texts or n.label is not None), None)
        if name_only and nxt is not None and nxt.paragraph is None and nxt.label is None \
                and not nxt.header_like and layout.name_column is not None and layout.name_column in nxt.text_columns:
            line.kind, in_group = "group", True
        elif name_only and nxt is not None and nxt.label is not None and nxt.label.startswith(f"{line.label}."):
            line.kind, in_group = "header", False
        elif line.header_like and line.raw is not None and (line.raw.full_width or len(line.text_columns) > 1):
            line.kind, in_group = "header", False
        else:
            line.kind, in_group = "event", False
            has_event = True
        if line.kind == "group":
            has_event = True


def _join(old: str | None, new: str | None, wrapped: bool) -> str | None:
    if not new:
        return old
    if not old:
        return new
    if wrapped:
        return join_wrapped(old, new)
    return f"{old}\n{new}"


def _lines(doc: RawDocument, plan: list[tuple[Layout | None, int]], first: int, last: int,
           notes: list[str], warn: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    for index in range(first, last + 1):
        block, (layout, skip) = doc.blocks[index], plan[index]
        if isinstance(block, Paragraph):
            text = tidy(block.text).replace("\n", " ")
            if text and not CONTINUATION_MARK.match(text):
                lines.append(_Line(paragraph=text))
            continue
        if layout is None:
            text = "\n".join(t for t in (tidy(c) for r in block.rows for c in dict.fromkeys(r.cells)) if t)
            if text:
                notes.append(text)
                warn.append(f"a table of {block.width} columns with no column header, between parts of the "
                            f"report table, was kept in the notes, not read as rows")
            continue
        header_cells = None
        first_body = True
        for n, raw in enumerate(block.rows):
            if n < skip:
                header_cells = header_cells or [tidy(c) for c in raw.cells]
                continue
            if not block.fixed_width and len(raw.cells) != layout.width and not raw.full_width:
                line = _read_line(raw, layout)
                raise ReportError("", f"{len(raw.cells)} cells, expected {layout.width} "
                                      f"({' | '.join(c.header.split(chr(10))[0] or '?' for c in layout.columns)})",
                                  row=line.label or f"#{raw.source_index}")
            cells = [tidy(c) for c in raw.cells]
            if is_column_numbers(cells) or (raw.repeated_header and read_header(raw.cells)) \
                    or (header_cells is not None and cells == header_cells) or read_header(raw.cells) == layout \
                    and not layout.positional:
                continue
            line = _read_line(raw, layout)
            line.page_start, first_body = block.continues_page and first_body, False
            lines.append(line)
    return lines


def assemble(doc: RawDocument, path: Path, sha256: str | None = None) -> Report:
    """Turn what a reader found into a Report; raise ReportError on a file that holds no report table."""
    info = ReportInfo(source=str(path), stem=path.stem, format=doc.format, sha256=sha256)
    layout_warnings: list[str] = []
    plan = _table_roles(doc, layout_warnings)
    report_blocks = [i for i, (layout, _) in enumerate(plan) if layout is not None]
    if not report_blocks:
        widths = [t.width for t in doc.tables]
        if not widths:
            raise ReportError(str(path), f"the {doc.format_name} has no table: not a report")
        raise ReportError(str(path), f"no report table in the {doc.format_name}: no column header names its "
                                     f"columns and no table has six (found tables of {', '.join(map(str, widths))} "
                                     f"columns)")
    first, last = report_blocks[0], report_blocks[-1]

    def text_of(block) -> str:
        if isinstance(block, Paragraph):
            return block.text
        return "\n".join(c for r in block.rows for c in dict.fromkeys(r.cells))

    info.title = tidy("\n".join(text_of(b) for b in doc.blocks[:first])).replace("\n", " ") or None
    for key, value in read_title(info.title or "").items():
        setattr(info, key, value)
    notes: list[str] = []
    try:
        lines = _lines(doc, plan, first, last, notes, layout_warnings)
    except ReportError as exc:
        raise ReportError(str(path), exc.message, row=exc.row) from None
    _classify(lines)
    orphan = next((n for n in lines if n.kind == "orphan"), None)
    if orphan is not None:
        raise ReportError(str(path), "a row with no number (neither typed nor list numbering) before the first "
                                     "numbered row", row="first")
    if not any(n.kind in ("event", "group") for n in lines):
        raise ReportError(str(path), f"no numbered rows in the {doc.format_name}'s table: not a report table")
    events = _events(lines, notes, layout_warnings)
    after = [t for t in (tidy(text_of(b)) for b in doc.blocks[last + 1:]) if t]
    info.notes = "\n".join(notes + after) or None
    return _report(info, events, path, layout_warnings)


def _events(lines: list[_Line], notes: list[str], skipped: list[str]) -> list[_Event]:
    """The events of the report in order, under their headers; headers after the last event are notes."""
    last_event = max(i for i, n in enumerate(lines) if n.kind in ("event", "item", "group"))
    events: list[_Event] = []
    section = subsection = group = None
    group_label, item_count = "", 0
    after_header = True
    for i, line in enumerate(lines):
        kind = line.kind
        if kind in ("skip",):
            continue
        if kind == "header":
            text = _header_text(line)
            if i > last_event:
                notes.append(text)
            elif is_sector_header(text) or section is None or not is_sector_header(section):
                section, subsection = text, None
            else:
                subsection = text
            group, after_header = None, True
            continue
        assert line.layout is not None
        missing = line.layout.missing
        if kind == "empty":
            skipped.append(f"row {line.label} has a number and no text: not an event")
            continue
        if kind == "group":
            group, group_label, item_count = _header_text(line), line.label or "", 0
            continue
        if kind == "continuation":
            if not events:
                continue
            target = events[-1]
            wrapped = line.page_start
            merged = line.raw.merged if line.raw else frozenset()
            assert line.layout is not None
            for name in FIELDS:
                columns = line.layout.columns_of(name)
                if columns and all(c in merged for c in columns):
                    continue
                target.fields[name] = _join(target.fields.get(name), line.fields.get(name), wrapped)
            for key, value in line.extra.items():
                target.extra[key] = _join(target.extra.get(key), value, wrapped) or ""
            number_merged = line.layout.number_column is not None and line.layout.number_column in merged
            if not wrapped and not number_merged:
                target.warnings.append(f"a row with no number after row {target.label} was joined to it "
                                       f"as its continuation")
            continue
        fields = dict(line.fields)
        if kind == "item":
            item_count += 1
            label = f"{group_label}.{item_count}"
            name_column = line.layout.name_column
            if fields.get("name"):
                fields["name"] = ITEM_MARKER.sub("", fields["name"] or "", count=1)
            warnings = [f"an item of group {group_label} ({group}): numbered {label}"] if name_column is not None else []
            events.append(_Event(label, fields, dict(line.extra), section, subsection, group, warnings,
                                 after_header, missing))
        else:
            events.append(_Event(line.label or "", fields, dict(line.extra), section, subsection, None, [],
                                 after_header, missing))
        after_header = False
    return events


def _report(info: ReportInfo, events: list[_Event], path: Path, layout_warnings: list[str]) -> Report:
    warnings = [f"{path}: {w}" for w in layout_warnings]
    rows: list[Row] = []
    run, used = 1, set()
    previous: int | None = None
    missing_seen: set[str] = set()
    for event in events:
        label = event.label
        row_warnings = list(event.warnings)
        plain = label.isdigit()
        if label in used:
            run, used = run + 1, set()
            if not (event.after_header and label == "1"):
                row_warnings.append(f"row number {label} repeats")
        elif plain and previous is not None and int(label) != previous + 1:
            row_warnings.append(f"row numbering jumps from {previous} to {label}")
        used.add(label)
        if plain:
            previous = int(label)
        for name in event.missing:
            row_warnings.append(f"no {name} column in the table")
            if name not in missing_seen:
                missing_seen.add(name)
                warnings.append(f"{path}: the table has no {name} column: {name} is null in its records")
        for w in row_warnings:
            if not w.startswith("no ") or not w.endswith("column in the table"):
                warnings.append(f"{path}: row {label}: {w}")
        rows.append(Row(id=f"{path.stem}#{label}" if run == 1 else f"{path.stem}#{run}/{label}",
                        row=top_number(label), number=label, section=event.section, subsection=event.subsection,
                        group=event.group, fields=event.fields, fields_extra=event.extra, report=info,
                        warnings=row_warnings))
    return Report(info=info, rows=rows, warnings=warnings)
