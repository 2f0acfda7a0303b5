"""The editor's preview: dev server, request guard, file watcher and in-memory rebuild."""
