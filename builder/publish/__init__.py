"""Publishing: the output writer, feeds, sitemap, search index, bundle and link check."""
