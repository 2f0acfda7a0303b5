"""The content stage: reading files, front matter and Markdown into articles (cacheable)."""
