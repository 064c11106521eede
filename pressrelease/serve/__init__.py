"""Serving releases on localhost while they are written (``pressrelease preview``)."""
