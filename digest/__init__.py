"""The digest: a static-site generator for scraped Chinese AI-industry articles."""

import logging
import os

import jieba

__version__ = "0.1.0"

# jieba announces every dictionary load on stderr; the build prints its own progress.
jieba.setLogLevel(logging.WARNING)


def default_base_url() -> str:
    """The site's absolute URL (feeds, sitemap, alternate links) when --base-url is not
    given: $DIGEST_BASE_URL, else a placeholder. `make` and `make serve` both use it, so
    the server writes the very pages `make` writes (its live-reload script is added as a
    page is sent) and neither has to render the other's pages again."""
    return os.environ.get("DIGEST_BASE_URL", "https://digest.example/")
