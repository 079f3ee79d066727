"""Sector of each report row: the report's sector header, else a small text classifier.

`SectorPredictor().predict(row)` is the entry point; `extract train-sector` retrains.
"""
from extract.sector.predict import SectorPrediction, SectorPredictor
from extract.sector.taxonomy import header_sector, load_sectors, sector_codes

__all__ = ["SectorPrediction", "SectorPredictor", "header_sector", "load_sectors", "sector_codes"]
