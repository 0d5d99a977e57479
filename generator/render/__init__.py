"""The model to pages: Markdown pages, worksheets, plans, slides, the online workbook's
data, fonts, templates and the site's own script."""
