"""The archive as a database: records in SQLite with entities linked across reports, served by Datasette.

`schema` (tables and documented columns), `linking` (archive-wide entity keys), `writer`
(the streaming sqlite-utils writer behind `extract run -o x.sqlite`), `metadata` and
`serve` (`extract serve`).
"""
