"""Static files, one way for development, tests and production (settings.STORAGES["staticfiles"]).

`collectstatic` always writes hashed names (`payung.3f2a….css`), a gzip and a brotli copy of each
(WhiteNoise; brotli through the `Brotli` package) and `staticfiles.json`; WhiteNoise then serves the hashed
names with `Cache-Control: max-age=315360000, immutable` and the compressed copy the browser accepts. No
switch is needed for that.

Before `collectstatic` has run (a fresh checkout, `make run`, the test suite) or for a file added since the
last run, a name missing from the manifest is linked by its plain name, which WhiteNoise serves from the
source folders (`WHITENOISE_USE_FINDERS`) — never an error page because a manifest is missing or stale.
"""

from urllib.parse import unquote, urlsplit

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name):
        if self.hash_key(urlsplit(unquote(name)).path.strip()) not in self.hashed_files:
            return name
        return super().stored_name(name)
