"""A registry of check functions, after django.core.checks.registry.

A check is a plain function `fn(doc, ctx) -> Iterable[Finding]` registered
under a family ("faq", "links", "readability"). Families let callers run a
subset (e.g. only link checks after a page is unpublished).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .document import PageDocument, ValidationContext
from .findings import Finding

Check = Callable[[PageDocument, ValidationContext], Iterable[Finding]]

# (family, function) in registration order; order keeps runs reproducible.
_checks: list[tuple[str, Check]] = []


def register(family: str, *, local: bool = False) -> Callable[[Check], Check]:
    """Decorator: `@register("faq")` adds the function to the registry.

    `local=True` declares that the check reads nothing but the page itself and
    its thresholds (never `ctx.cluster`, `ctx.documents` or `ctx.page_states`),
    so the engine may cache its findings by the page's content hash.
    """

    def decorator(fn: Check) -> Check:
        fn.family = family  # type: ignore[attr-defined]
        fn.local = local  # type: ignore[attr-defined]
        if not any(existing is fn for _, existing in _checks):
            _checks.append((family, fn))
        return fn

    return decorator


def registered_checks(families: Iterable[str] | None = None) -> list[Check]:
    """Registered checks, optionally only those of the given families."""
    wanted = None if families is None else set(families)
    return [fn for family, fn in _checks if wanted is None or family in wanted]


def families() -> list[str]:
    return sorted({family for family, _ in _checks})


def check_name(fn: Check) -> str:
    return f"{getattr(fn, 'family', '?')}.{getattr(fn, '__name__', repr(fn))}"
