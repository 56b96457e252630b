"""Front matter is read by libyaml when it can, with the same values and the same refusals.

libyaml (`yaml.CSafeLoader`) reads a files run's front matter ten times
faster than PyYAML's pure-Python parser; anything it refuses, and any anchor
or alias, goes the pure-Python way, so problems are worded as before.
"""

import pytest
import yaml

from cluster.content_io.formats import FormatError, parse_markdown
from cluster.content_io.formats.markdown import _C_LOADER, _fast_load, _load_yaml
from tests.paths import ROOT

needs_libyaml = pytest.mark.skipif(_C_LOADER is None, reason="PyYAML built without libyaml")

DEMO_FILES = sorted((ROOT / "content").rglob("*.md"))

TRICKY = [
    'title: "Sex & intimacy: a * guide"\nslug: sex-and-intimacy',
    "title: Café au lait — “quotes” ✔\nrequired_questions: ['What is it?', 'Why: now?']",
    "title: T\nrelated: [a, {slug: b, required: false}]\ncta: {heading: H, label: L, link: /x/}",
    "title: 2024-01-02\nslug: 007\nlanguage: no\ncategory: ~",  # YAML 1.1 implicit types
    "title: >\n  folded\n  text\nseo_title: |\n  literal\n  text",
]


def front_matter(path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[1 : lines.index("---", 1)]


@needs_libyaml
@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name)
def test_demo_front_matter_reads_as_pyyaml_reads_it(path):
    lines = front_matter(path)
    expected = yaml.load("\n".join(lines), Loader=yaml.SafeLoader)
    assert _fast_load("\n".join(lines)) == expected
    assert _load_yaml(str(path), lines)[0] == expected


@needs_libyaml
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_front_matter_reads_as_pyyaml_reads_it(text):
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert _fast_load(text) == expected
    assert _load_yaml("x.md", text.split("\n"))[0] == expected


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "title: T\nslug: &a x",  # an anchor
        "title: T\nslug: *a",  # an alias
        "title: [unclosed",  # libyaml's message would differ
        "title: \ud800",  # libyaml raises UnicodeEncodeError, not a YAMLError
        "title: " + "[" * 5000 + "]" * 5000,  # libyaml counts nesting its own way
    ],
)
def test_libyaml_leaves_anchors_and_problems_to_the_pure_python_path(text):
    assert _fast_load(text) is None


@pytest.mark.parametrize(
    "front,line,message",
    [
        (
            "title: Sex & co\nslug: &a x",
            3,
            "YAML anchors and aliases (& and *) are not allowed in front matter",
        ),
        ("title: [unclosed", 2, "invalid YAML front matter: expected ',' or ']', but got '<stream end>'"),
        ("title: " + "[" * 5000 + "]" * 5000, 2, "front matter nests lists or mappings too deeply"),
    ],
)
def test_refusals_are_worded_as_before(front, line, message):
    with pytest.raises(FormatError) as exc:
        parse_markdown("x.md", f"---\n{front}\n---\nBody.\n")
    assert exc.value.problems == [(line, message)]


@needs_libyaml
def test_a_question_mark_in_a_flow_list_reads_as_libyaml_reads_it():
    """The one difference found: PyYAML's pure parser refuses `?` in a flow list's plain item."""
    text = "title: T\nrequired_questions: [What is it?, Why now?]"
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.SafeLoader)
    assert _load_yaml("x.md", text.split("\n"))[0]["required_questions"] == ["What is it?", "Why now?"]
