"""The site: the model of articles and indexes, and rendering pages through Jinja."""
