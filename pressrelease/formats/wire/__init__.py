"""Wire and syndication formats: a release as news agencies and newsroom systems exchange stories (IPTC)."""
