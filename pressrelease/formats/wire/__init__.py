"""Wire and syndication formats: a release as news agencies' and newsroom systems' exchange formats (IPTC).

``ninjs`` writes IPTC ninjs 3.2 (JSON), ``newsml`` an IPTC NewsML-G2 2.35
``newsItem`` (XML, its body as inline XHTML through ``xhtml``); the mapping
field by field is in docs/wire.md. Each module is a per-release renderer
registered in :mod:`pressrelease.formats`.
"""
