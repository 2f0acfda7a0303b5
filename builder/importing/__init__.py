"""Import an old archive: saved news pages, feeds and plain-text copies become Markdown articles.

The command is `builder.importing.command.run`; `python -m builder.importing` runs it alone (`__main__.py`).
"""
