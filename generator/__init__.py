"""The course and workbook generator: YAML lessons -> model -> Markdown pages -> MkDocs site."""
