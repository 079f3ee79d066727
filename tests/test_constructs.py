"""Word constructs clerks leave, on both samples' layouts: each variant reads as its expected rows."""
from __future__ import annotations

import re

import pytest

from extract.reports import read_report
from tests.constructs import SAMPLES, STEMS, VARIANTS, build, row_view


@pytest.fixture(scope="module", params=STEMS)
def sample(request):
    stem = request.param
    report = read_report(SAMPLES / f"{stem}.docx")
    return stem, report, [row_view(r) for r in report.rows]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_variant_reads_as_expected(tmp_path, sample, variant):
    stem, clean, reference = sample
    path = tmp_path / f"{stem}.docx"
    path.write_bytes(build(stem, variant, reference))
    expected = variant.expect(reference)
    report = read_report(path)
    assert [row_view(r) for r in report.rows] == expected.rows
    assert (report.info.year, report.info.quarter, report.info.level) == (clean.info.year, clean.info.quarter,
                                                                           clean.info.level)
    assert report.info.notes == clean.info.notes
    for text in expected.title_has:
        assert report.info.title.count(text) == 1, report.info.title
    title_words = re.sub(r"\s+", " ", clean.info.title)
    assert title_words in re.sub(r"\s+", " ", report.info.title)
    for pattern in expected.report_warnings:
        assert any(re.search(pattern, w) for w in report.warnings), report.warnings
    if not expected.report_warnings and not expected.row_warnings:
        assert report.warnings == []
    rows = {r.id: r for r in report.rows}
    for row_id, patterns in expected.row_warnings.items():
        for pattern in patterns:
            assert any(re.search(pattern, w) for w in rows[row_id].warnings), rows[row_id].warnings
