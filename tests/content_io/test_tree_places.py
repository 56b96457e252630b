"""A file's place in a content tree (cluster/content_io/tree.py), read without a database."""

import os

from cluster.content_io.tree import read_tree_file

TOPIC = "---\ntitle: Slow Trust\nlanguage: en\n---\nTrust grows slowly.\n"


def _index(folder, slug):
    (folder / "index.md").write_text(f"---\ntitle: Pillar\nslug: {slug}\n---\nWhat is it?\n\nAn answer.\n")


def test_a_topic_takes_its_folders_pillar_slug_from_the_index_as_it_is_now(tmp_path):
    folder = tmp_path / "pillar-folder"
    folder.mkdir()
    (folder / "slow-trust.md").write_text(TOPIC)
    _index(folder, "first")
    assert read_tree_file(folder / "slow-trust.md").parent == "first"

    _index(folder, "second-one")  # another size
    assert read_tree_file(folder / "slow-trust.md").parent == "second-one"

    stat = (folder / "index.md").stat()
    _index(folder, "third-one")  # the same size: the modification time tells them apart
    os.utime(folder / "index.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_tree_file(folder / "slow-trust.md").parent == "third-one"

    (folder / "index.md").unlink()
    assert read_tree_file(folder / "slow-trust.md").parent == "pillar-folder"
