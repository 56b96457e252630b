"""Built-in checks. Importing this package registers them all."""

from . import faq, links, readability, style

__all__ = ["faq", "links", "readability", "style"]
