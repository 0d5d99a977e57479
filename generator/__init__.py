"""Network Workbook: YAML lessons -> model -> Markdown pages -> MkDocs site."""
