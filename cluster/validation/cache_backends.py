"""A file cache for validation results that does not scan its folder on every write.

Django's FileBasedCache lists the whole cache directory on each `set` to decide
whether to cull, which turns caching a 2,000-page cluster into millions of
directory entries read. Culling every thousandth write keeps the bound
without the scan.
"""

from django.core.cache.backends.filebased import FileBasedCache


class ValidationFileCache(FileBasedCache):
    cull_every = 1000

    def _cull(self):
        self._writes = getattr(self, "_writes", 0) + 1
        if self._writes % self.cull_every == 0:
            super()._cull()
