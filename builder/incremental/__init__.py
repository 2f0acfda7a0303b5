"""What changed since the last build: the cache store and its digests."""
