"""Tools for authors and translators: PO export and import, round-trip YAML, `workbook new`
and its starter."""
