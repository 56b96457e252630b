"""`validate_content PATH`: page files validated with no database (docs/content-as-code.md).

These tests take no `db` fixture: pytest-django refuses every query, so a
run that touched the database would fail here.
"""

import json
import re
import shutil

import pytest
from django.core.management import call_command

from tests.commands.support import run_gate
from tests.paths import ROOT

DEMO = ROOT / "content" / "intimacy"
FORMATS = ["text", "json", "junit", "sarif", "github"]


run = run_gate  # (exit code, stdout, stderr) of validate_content


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A copy of the demo tree at content/intimacy/, the working directory its parent."""
    shutil.copytree(DEMO, tmp_path / "content" / "intimacy")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content" / "intimacy"


def findings(output, slug):
    page = next(p for p in json.loads(output)["pages"] if p["slug"] == slug)
    return [(f["id"], f.get("source")) for f in page["findings"]]


def line_of(path, text) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if text in line)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_demo_tree_passes_in_every_format(fmt, tree):
    code, out, err = run("content/", "--format", fmt)
    assert (code, err) == (0, "")
    if fmt == "json":
        report = json.loads(out)
        assert report["summary"] == {"pages": 10, "passed": 10, "failed": 0, "errors": 0, "warnings": 0}
        cluster = report["clusters"][0]
        assert cluster["coverage"] == {"declared": 42, "realized": 42, "ratio": 1.0}
        # File pages have negative ids, which no stored page has.
        assert all(page["id"] < 0 for page in report["pages"])


def test_a_pillar_with_four_faq_items_fails_at_its_faq_section(tree):
    index = tree / "index.md"
    text = index.read_text()
    # The demo pillar has 6 questions; a pillar needs 5 (faq_min_items): keep 4.
    last = text.index("### Why split intimacy into so many separate topics?")
    index.write_text(text[:last].rstrip("\n") + "\n")
    code, out, _ = run("content/", "--format", "json")
    assert code == 1
    heading = line_of(index, "## Common questions")
    assert findings(out, "intimacy") == [
        ("faq.E002", {"path": "content/intimacy/index.md", "line": heading, "column": 1}),
    ]
    assert json.loads(out)["summary"]["failed"] == 1


def test_github_and_sarif_point_a_reviewer_at_the_faq_section_line(tree):
    """What a pull request shows: the annotation and the SARIF region sit on the FAQ heading."""
    index = tree / "index.md"
    text = index.read_text()
    last = text.index("### Why split intimacy into so many separate topics?")
    index.write_text(text[:last].rstrip("\n") + "\n")
    heading = line_of(index, "## Common questions")

    code, out, _ = run("content/", "--format", "github")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert [line.split("::")[1] for line in errors] == [
        f"error file=content/intimacy/index.md,line={heading},col=1,title=faq.E002"
    ]

    code, out, _ = run("content/", "--format", "sarif")
    assert code == 1
    [result] = [r for r in json.loads(out)["runs"][0]["results"] if r["level"] == "error"]
    assert result["ruleId"] == "faq.E002"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "content/intimacy/index.md"},
        "region": {"startLine": heading, "startColumn": 1},
    }


def test_positions_of_a_sentence_after_a_link_and_of_a_link_outside_the_files(tree):
    topic = tree / "responsive-desire.md"
    long_sentence = "Then " + " ".join(["closeness"] * 38) + " grows."
    paragraph = (
        "See [fear of intimacy](/intimacy/fear-of-intimacy/) first. "
        f"{long_sentence} Read [the other guide](/elsewhere/guide/) too."
    )
    text = topic.read_text().replace(
        "## Why context matters so much", f"{paragraph}\n\n## Why context matters so much"
    )
    topic.write_text(text)
    code, out, _ = run("content/intimacy/", "--format", "json")
    assert code == 0  # warnings only
    line = line_of(topic, "See [fear of intimacy]")
    written = topic.read_text().split("\n")[line - 1]
    path = "content/intimacy/responsive-desire.md"
    assert findings(out, "responsive-desire") == [
        ("links.W004", {"path": path, "line": line, "column": written.index("[the other") + 1}),
        ("readability.W004", {"path": path, "line": line, "column": written.index("Then") + 1}),
    ]
    message = json.loads(out)["pages"][7]["findings"][0]["message"]
    assert (
        message
        == 'The link "the other guide" points to a page outside the files validated; it was not checked.'
    )


def test_a_file_named_alone_is_checked_in_its_folder_s_context(tree):
    code, out, _ = run("content/intimacy/responsive-desire.md", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert [p["slug"] for p in report["pages"]] == ["responsive-desire"]
    assert report["clusters"] == []  # a page run has no cluster section, like --page
    # Context is real: without its folder the topic's pillar is unknown and it is an input error.
    # The file names no parent (its place says it), so the error is about its new folder, at line 1.
    alone = tree.parent.parent / "alone"
    alone.mkdir()
    shutil.copy(tree / "responsive-desire.md", alone)
    code, _, err = run("alone/responsive-desire.md")
    assert code == 2
    assert err.strip() == (
        "alone/responsive-desire.md:1: parent 'alone' is not a pillar among the files read (the file "
        "names no parent, so its folder's name was taken, and the folder has no index file): write "
        "'parent: <pillar slug>', or add the pillar's index.md to the folder"
    )


def test_an_orphan_is_found_from_its_folder_when_one_file_is_named(tree):
    link = re.compile(r"\[([^\]]+)\]\(/intimacy/responsive-desire/\)")
    for page in tree.glob("*.md"):
        if page.name != "responsive-desire.md":
            page.write_text(link.sub(r"\1", page.read_text()))
    code, out, _ = run("content/intimacy/responsive-desire.md", "--format", "json")
    assert code == 1
    # The other pages now miss their links to it too, but only the file named is reported.
    path = "content/intimacy/responsive-desire.md"
    assert findings(out, "responsive-desire") == [("links.E006", {"path": path, "line": 1, "column": 1})]
    assert len(json.loads(out)["pages"]) == 1


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_two_jobs_give_the_same_report_byte_for_byte(fmt, tree):
    link = re.compile(r"\[([^\]]+)\]\(/intimacy/responsive-desire/\)")
    for page in tree.glob("*.md"):  # an orphan: a finding across pages
        page.write_text(link.sub(r"\1", page.read_text()))
    one = run("content/", "--format", fmt, "--jobs", "1")
    assert one[0] == 1 and "links.E006" in one[1]
    assert run("content/", "--format", fmt, "--jobs", "2") == one


def test_files_that_cannot_be_read_are_path_line_messages_and_exit_2(tree):
    (tree / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody?\n\nAnswer.\n")
    (tree / "empty.txt").write_text("")
    code, out, err = run("content/")
    assert (code, out) == (2, "")
    assert err.strip().split("\n") == [
        "content/intimacy/broken.md:2: invalid YAML front matter: "
        "expected ',' or ']', but got '<stream end>'",
        "content/intimacy/empty.txt:1: the file is empty",
    ]
    code, _, err = run("content/missing.md")
    assert code == 2 and err.startswith("content/missing.md: cannot read the file")


def test_paths_refuse_the_stored_page_options(tree):
    with pytest.raises(Exception, match="--cluster, --page and --state are for stored pages"):
        call_command("validate_content", "content/", "--page", "intimacy")


def test_against_db_judges_links_outside_the_files_by_the_stored_pages(tree, demo):
    # fear-of-intimacy is no longer a file: links to it leave the tree and
    # reach the stored (live) page; /elsewhere/guide/ is nowhere.
    (tree / "fear-of-intimacy.md").unlink()
    topic = tree / "responsive-desire.md"
    paragraph = (
        "See [fear of intimacy](/intimacy/fear-of-intimacy/) and [the other guide](/elsewhere/guide/)."
    )
    topic.write_text(topic.read_text().replace("## Why context", f"{paragraph}\n\n## Why context"))
    line = line_of(topic, "See [fear of intimacy]")
    code, out, _ = run("content/", "--against-db", "--format", "json")
    assert code == 1
    column = topic.read_text().split("\n")[line - 1].index("[the other") + 1
    source = {"path": "content/intimacy/responsive-desire.md", "line": line, "column": column}
    assert findings(out, "responsive-desire") == [("links.E005", source)]
    assert json.loads(out)["summary"] == {"pages": 9, "passed": 8, "failed": 1, "errors": 1, "warnings": 0}
    # Without the database, a related topic that is not among the files is an input error.
    code, _, err = run("content/")
    assert code == 2
    assert "related topic 'fear-of-intimacy' is not among the files read (try --against-db)" in err


def test_pages_read_from_files_have_no_admin_edit_url(tree):
    code, out, err = run("--format", "json", str(tree))
    assert err == ""
    pages = json.loads(out)["pages"]
    assert len(pages) == 10
    assert {page["edit_url"] for page in pages} == {""}  # their ids (-1, -2, ...) are no stored page's


def test_a_file_named_in_a_hidden_folder_keeps_its_folder_as_context(tree):
    # Naming "." walks the checkout but skips hidden folders; a file named
    # inside one still brings its own folder (with the pillar) as context.
    shutil.move(tree, tree.parent.parent / ".drafts" / "intimacy")
    code, out, err = run(".", ".drafts/intimacy/responsive-desire.md", "--format", "json")
    assert (code, err) == (0, "")
    assert [p["slug"] for p in json.loads(out)["pages"]] == ["responsive-desire"]
