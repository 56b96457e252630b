"""User fixtures for the publication gate tests."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils import WagtailTestUtils


def _user(username: str, groups=()):
    user = WagtailTestUtils.create_user(username, f"{username}@example.com", "password")
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def superuser(db):
    return WagtailTestUtils.create_superuser("admin", "admin@example.com", "password")


@pytest.fixture
def moderator(db):
    """In Wagtail's Moderators group, which migration 0004 gives the override permission."""
    return _user("moderator", [Group.objects.get(name="Moderators")])


@pytest.fixture
def publisher(db):
    """May edit and publish every page, but not override the gate."""
    group = Group.objects.create(name="Publishers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    return _user("publisher", [group])
