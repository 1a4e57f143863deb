"""The typed Report and its renderers (terminal, JSON, Markdown, LaTeX)."""
