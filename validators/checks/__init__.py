"""Built-in checks. Importing this package registers them all."""

from . import faq, links, readability

__all__ = ["faq", "links", "readability"]
