"""The digest: a static-site generator for scraped Chinese AI-industry articles."""

__version__ = "0.1.0"
