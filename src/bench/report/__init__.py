"""Renderers of the typed results (:mod:`bench.schema.results`): terminal text, JSON, Markdown, LaTeX
(:mod:`.render`), the error report (:mod:`.errors`) and the HTML page (:mod:`.html`). They only read a
Report; none of them matches or counts."""

OUTPUT_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "latex")
"""The output formats of ``bench score``; :data:`bench.report.render.RENDERERS` has one renderer each."""
