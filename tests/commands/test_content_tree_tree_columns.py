"""import_content --publish keeps the page tree sound (issue 13, fix 2).

Publishing a live pillar saves its whole row from the revision's page. When
that page was loaded before this batch added a child, its child count was
stale and went back into the row, so the next child added (in the admin)
took a path already used.
"""

import pytest
from wagtail.models import Page

from cluster.models import ContentPage, PillarPage
from tests.commands.test_content_tree_publish import ABOUT
from tests.commands.tree_support import copy_demo_tree, run

pytestmark = pytest.mark.django_db


def test_a_child_added_while_its_live_pillar_is_republished_is_counted(demo, tmp_path):
    tree = copy_demo_tree(tmp_path)
    (tree / "intimacy" / "about.md").write_text(ABOUT)
    index = tree / "intimacy" / "index.md"
    text = index.read_text()
    assert "both reactions are normal." in text
    index.write_text(text.replace("both reactions are normal.", "both reactions are common."))

    result = run("import_content", tree, "--publish")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Imported 12 pages from {tree}: 1 created, 1 updated, 10 unchanged. Published 2.\n"

    pillar = PillarPage.objects.get(slug="intimacy")
    assert "both reactions are common." in str(pillar.body)  # the changed pillar is live
    children = Page.objects.child_of(pillar).count()
    assert (pillar.numchild, children) == (11, 11)
    # The next child gets a path of its own (with a stale count it collided).
    pillar.add_child(instance=ContentPage(title="Contact", slug="contact", live=False))
    assert Page.objects.child_of(pillar).count() == 12
    assert PillarPage.objects.get(pk=pillar.pk).numchild == 12
