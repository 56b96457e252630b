from wagtail.models import Site


def site_root_path() -> str:
    # One query, not two (the site, then its root page): every validation asks.
    return Site.objects.filter(is_default_site=True).values_list("root_page__url_path", flat=True).get()


def site_path(page, root_path: str | None = None) -> str:
    """The page's path on the default site, e.g. "/intimacy/fear-of-intimacy/"."""
    root_path = root_path or site_root_path()
    if page.url_path.startswith(root_path):
        return "/" + page.url_path[len(root_path) :]
    return page.url_path
