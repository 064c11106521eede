"""Wire and syndication formats: a release as the news agencies' and newsroom systems' exchange formats.

``ninjs`` writes IPTC ninjs 3.2 (JSON); the mapping field by field is in
docs/wire.md. Each module is a per-release renderer registered in
:mod:`pressrelease.formats`.
"""
