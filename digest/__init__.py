"""The digest: a static-site generator for scraped Chinese AI-industry articles."""

import logging

import jieba

__version__ = "0.1.0"

# jieba announces every dictionary load on stderr; the build prints its own progress.
jieba.setLogLevel(logging.WARNING)
