"""Sector of one row: the report's sector header when it maps, else the model's best guess.

The model file is loaded once per process (module-level cache): loading costs
~0.1 s, a prediction well under a millisecond beyond lemmatising.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.records import Row
from extract.sector.features import prepare
from extract.sector.taxonomy import header_sector, looks_like_sector_header

ROOT = Path(__file__).resolve().parents[2]
#: The bundled model's folder, and the reports and annotations it is trained on (`extract train-sector`).
DEFAULT_OUT = ROOT / "models" / "sector"
DEFAULT_MODEL = DEFAULT_OUT / "model.skops"
DEFAULT_SAMPLES = ROOT / "samples"
DEFAULT_ANNOTATIONS = ROOT / "annotations"
#: A model prediction scored below this says so in the record's warnings: left one gold set out, the
#: model is right on about half of such rows and on most rows above (models/sector/README.md).
UNSURE_BELOW = 0.4
#: Types a sector model file may hold beyond skops' defaults: none (scikit-learn and numpy only).
TRUSTED_EXTRA: tuple[str, ...] = ()

log = logging.getLogger(__name__)


class UntrustedModelError(RuntimeError):
    """The model file holds types that could run arbitrary code: refused."""


@dataclass(frozen=True)
class SectorPrediction:
    """A row's sector, how sure we are, where it came from, and the runner-up readings."""

    sector: str
    score: float
    source: str  # "header" or "model"
    alternatives: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=4)
def load_model(path: Path = DEFAULT_MODEL):
    """The fitted pipeline, loaded once per path, after skops' check for untrusted types."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    try:  # skops checks the types while loading: one pass over the file, not two
        return sio.load(path, trusted=list(TRUSTED_EXTRA))
    except UntrustedTypesFoundException as exc:
        raise UntrustedModelError(f"{path}: {exc.args[0]}") from None


@lru_cache(maxsize=256)
def _warn_unmapped(header: str) -> None:
    log.warning("sector header not in the taxonomy, content decides: %r", header)


class SectorPredictor:
    """Header first, model second; construct freely, the model file is shared per process."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        self.model_path = Path(model_path) if model_path else DEFAULT_MODEL

    @property
    def model(self):
        return load_model(self.model_path)

    def predict(self, row: Row) -> SectorPrediction:
        """The sector of a report row (its headers first)."""
        return self.predict_rows([row])[0]

    def predict_rows(self, rows: list[Row]) -> list[SectorPrediction]:
        """Sectors of many rows: headers first, the model once for all the rest."""
        out: list[SectorPrediction | None] = [self._from_header(row) for row in rows]
        todo = [i for i, p in enumerate(out) if p is None]
        if todo:
            for i, prediction in zip(todo, self.predict_many([rows[i].fields for i in todo])):
                out[i] = prediction
        return out  # type: ignore[return-value]

    @staticmethod
    def _from_header(row: Row) -> SectorPrediction | None:
        for header in (row.section, row.subsection):
            code = header_sector(header)
            if code:
                return SectorPrediction(code, 1.0, "header", [{"sector": code, "score": 1.0}])
            if looks_like_sector_header(header):
                _warn_unmapped(header)
        return None

    def predict_fields(self, fields: Mapping[str, str | None]) -> SectorPrediction:
        """The model's sector for bare columns (name, goal, participants), e.g. an enriched table row."""
        return self.predict_many([fields])[0]

    def predict_many(self, rows: list[Mapping[str, str | None]]) -> list[SectorPrediction]:
        """The model's sectors for many rows at once (one matrix product)."""
        model = self.model
        probabilities = model.predict_proba([prepare(f) for f in rows])
        classes = [str(c) for c in model.classes_]
        out = []
        for probs in probabilities:
            ranked = sorted(zip(classes, probs), key=lambda cp: -cp[1])
            top = [{"sector": c, "score": round(float(p), 4)} for c, p in ranked[:3]]
            out.append(SectorPrediction(ranked[0][0], float(ranked[0][1]), "model", top))
        return out
