"""What a run writes: the record schema and its flat tables (schema), one writer per format
(writers), and atomic files beside their target (atomic)."""
