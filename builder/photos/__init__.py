"""Photos: planning resized copies, encoding them without metadata, and their markup.

`plan` decides names and sizes from a photo's header (cheap), `encode` makes the copies
(the expensive part, cached in `store`), `markup` writes `<picture>` elements and
`stage` runs it all for a build on every core.
"""
