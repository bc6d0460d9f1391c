"""Static files in production: WhiteNoise's compressed, hashed names, without a page that fails
because one entry is missing from the manifest.

Django's manifest storage raises ValueError for a name that ``collectstatic`` has not seen (a
release whose new stylesheet was deployed before ``collectstatic`` ran, or a deployment that never
ran it): every page naming that file, the 404 page included, answered 500 (issue 11: the fuzzer's
unknown API paths all did, because the 404 page links the site's stylesheet). A missing entry now
costs one unstyled page and an error in the log, never the page itself."""

from __future__ import annotations

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # A name missing from the manifest is hashed from the file in STATIC_ROOT when it is there.
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            # Not collected at all: the unhashed URL (WhiteNoise serves it if it appears later).
            logger.error("Static file %r is not collected: run manage.py collectstatic.", name)
            return name
