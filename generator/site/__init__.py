"""The site: the MkDocs glue (the only code that knows MkDocs), one generation step, the
atomic build, the output folder guard, per-language site files, theme overrides."""
