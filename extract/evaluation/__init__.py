"""Evaluation of the extractor against annotated rows: gold checks, scores, baselines, reports."""
from extract.evaluation.folding import fold, fold_org, fold_person
from extract.evaluation.gold import EvaluationInputError, load_gold, load_predictions, validate_record
from extract.evaluation.scoring import Counts, FieldScore, RowError, SystemScore, score_system

__all__ = [
    "Counts", "EvaluationInputError", "FieldScore", "RowError", "SystemScore", "fold", "fold_org",
    "fold_person", "load_gold", "load_predictions", "score_system", "validate_record",
]
