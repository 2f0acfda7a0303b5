"""Import an old archive: saved news pages, feeds and plain-text copies become Markdown articles.

The command entry point is `builder.importing.command.main`.
"""
