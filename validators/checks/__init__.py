"""Built-in checks. Importing this package registers them all."""

from . import faq, links, readability, seo, style

__all__ = ["faq", "links", "readability", "seo", "style"]
