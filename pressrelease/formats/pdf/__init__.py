"""The PDF format: WeasyPrint, our fetcher, the caches a renderer keeps, and the host check.

Importing this package imports WeasyPrint; nothing outside the format
registry's lazy loading does.
"""
