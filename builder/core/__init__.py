"""Core rules every stage shares: settings, errors, Vietnamese text rules, URLs, messages."""
