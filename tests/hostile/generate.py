"""Writes the hostile page files in tests/hostile/files/ (they are committed).

Run `python tests/hostile/generate.py` after changing a case. Each file is
something an importer meets in the wild or from an attacker, and every one
must be refused by `import_page` with `path:line: message`, exit 1, no
traceback and nothing written (tests/hostile/test_hostile_imports.py).

File names carry the command's options: `update--` runs with `--update`, and
every `.txt` file runs with `--type pillar` (the text format has no type).
"""

from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
PARA = "Fear of intimacy is common, and it can change with patience and care."


def md(front: str, body: str = f"Why does it matter?\n\n{PARA}\n") -> str:
    return f"---\n{front.strip()}\n---\n{body}"


def topic(extra: str = "", title: str = "A hostile topic") -> str:
    return md(f"title: {title}\ntype: topic\nparent: intimacy\ncategory: Intimacy\n{extra}")


TEXT_OK = f"Intimacy\nA text page\nWhat is it?\n{PARA}\n"
DEEP = 500  # two frames a level: 1000 frames, sys.getrecursionlimit() out of the box
LOL = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'


def _level(i: int) -> str:
    prev, name = chr(97 + i), chr(98 + i)
    return f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]"


# About 500 bytes that expand to 9**9 strings when a YAML loader resolves the aliases.
BOMB = "\n".join(
    ["title: Bomb", "type: topic", "parent: intimacy", f"a: &a {LOL}"]
    + [_level(i) for i in range(8)]
    + ["category: *i"]
)

CASES: dict[str, str | bytes] = {
    # YAML: references, tags, shapes
    "yaml-alias-bomb.md": md(BOMB),
    "yaml-anchor-simple.md": topic("seo_title: &t Short\nsearch_description: *t"),
    "yaml-python-tag.md": topic("seo_title: !!python/object/apply:os.system ['true']"),
    "yaml-custom-tag.md": topic("seo_title: !secret value"),
    "yaml-binary-tag.md": topic("seo_title: !!binary aGVsbG8="),
    "yaml-set-tag.md": topic("seo_title: !!set {a, b}"),
    # PyYAML composes nested collections recursively, two frames a level, so
    # DEEP levels exhaust Python's default recursion limit wherever the parse
    # starts: the refusal is the RecursionError branch of formats/markdown.py
    # (test_hostile_imports.py checks it is). PyYAML's scanner is quadratic in
    # the depth: 5000 levels took 15 s of CPU to refuse, 500 take 0.3 s.
    "yaml-deep-nesting.md": topic("seo_title: " + "[" * DEEP + "]" * DEEP),
    "yaml-not-a-mapping.md": md("- just\n- a list"),
    "yaml-scalar.md": md("just a string"),
    "yaml-bad-indent.md": md("title: x\n  type: topic\n bad: [unclosed"),
    "yaml-tab-indent.md": md("title: x\n\ttype: topic"),
    "yaml-duplicate-and-unknown.md": topic("colour: red"),
    "yaml-category-list.md": md("title: T\ntype: topic\nparent: intimacy\ncategory: [a, b, c]"),
    "yaml-category-mapping.md": md("title: T\ntype: topic\nparent: intimacy\ncategory: {a: b}"),
    "yaml-title-list.md": md("title: [a, b]\ntype: topic\nparent: intimacy\ncategory: Intimacy"),
    "yaml-title-number.md": md(
        "title: 42\ntype: topic\nparent: intimacy\ncategory: Intimacy\nlanguage: [en]"
    ),
    "yaml-slug-list.md": topic("slug: [a, b]"),
    "yaml-parent-mapping.md": md("title: T\ntype: topic\nparent: {slug: intimacy}\ncategory: Intimacy"),
    "yaml-language-list.md": topic("language: [en, de]"),
    "yaml-required-questions-mapping.md": topic("required_questions: {a: b}"),
    "yaml-required-questions-nested.md": topic("required_questions: [[a, b]]"),
    "yaml-related-bad-item.md": topic("related: [{required: false}]"),
    "yaml-cta-list.md": topic("cta: [a, b]"),
    "yaml-cta-no-label.md": topic("cta: {heading: Try it}"),
    "yaml-nul-escape.md": topic(title='"A title with a \\0 NUL"'),
    "yaml-nul-in-category.md": md('title: T\ntype: topic\nparent: intimacy\ncategory: "Inti\\0macy"'),
    "yaml-lone-surrogate.md": topic(title='"Broken \\ud800 surrogate"'),
    "yaml-surrogate-in-questions.md": topic('required_questions: ["\\udfff?"]'),
    "yaml-date-title.md": md("title: 2026-11-30\ntype: topic\nparent: intimacy\ncategory: Intimacy"),
    # Lengths the database refuses
    "long-title.md": topic(title="T" * 300),
    "long-category.md": md("title: T\ntype: topic\nparent: intimacy\ncategory: " + "C" * 150),
    "long-seo-title.md": topic("seo_title: " + "S" * 300),
    "long-title.txt": "Intimacy\n" + "T" * 400 + "\nWhat is it?\n" + PARA + "\n",
    "long-category.txt": "C" * 200 + "\nA title\nWhat is it?\n" + PARA + "\n",
    # Slugs
    "slug-slash-space.md": topic("slug: a/b c"),
    "slug-dot-dot.md": topic("slug: ../../etc"),
    "slug-300-chars.md": topic("slug: " + "s" * 300),
    "slug-rtl-override.md": topic('slug: "abc\u202edef"'),
    "slug-emoji.md": topic('slug: "\U0001f525-hot"'),
    "slug-html.md": topic('slug: "<script>"'),
    "emoji-only-title.md": topic(title='"\U0001f525\U0001f525\U0001f525"'),
    "emoji-only-title.txt": "Intimacy\n\U0001f525\U0001f525\nWhat is it?\n" + PARA + "\n",
    "punctuation-only-title.md": topic(title='"?!..."'),
    # Encodings and bytes
    "bom-twice.md": "\ufeff\ufeff" + topic(),
    "latin1.md": topic(title="Caf\u00e9").encode("latin-1"),
    "utf16.md": topic().encode("utf-16"),
    "nul-byte.txt": TEXT_OK.encode() + b"\x00tail\n",
    "mixed-encodings.txt": TEXT_OK.encode() + "Caf\u00e9 ".encode() + "na\u00efve".encode("cp1252") + b"\n",
    "control-only.txt": b"\x01\x02\x03\n\x04\n",
    "empty.md": b"",
    "whitespace-only.txt": b"  \n\t\n   \n",
    # A pillar: a topic now takes its pillar's category (docs/formats.md).
    "crlf-missing-category.md": md("title: T\ntype: pillar").replace("\n", "\r\n"),
    "cr-only-unclosed.md": "---\rtitle: T\rtype: topic\r",
    # Structure
    "no-front-matter.md": "# Just Markdown\n\nSome text.\n",
    "unclosed-front-matter.md": "---\ntitle: T\ntype: topic\n",
    "missing-title.md": md("type: topic\nparent: intimacy\ncategory: Intimacy"),
    "unknown-type.md": md("title: T\ntype: essay\nparent: intimacy\ncategory: Intimacy"),
    "unknown-language.md": topic("language: klingon"),
    "unknown-parent.md": md("title: T\ntype: topic\nparent: no-such-page\ncategory: Intimacy"),
    "topic-without-parent.md": md("title: T\ntype: topic\ncategory: Intimacy"),
    "pillar-under-pillar.md": md("title: T\ntype: pillar\nparent: intimacy\ncategory: Intimacy"),
    "question-outside-faq.md": topic(),
    "faq-question-no-answer.md": topic(),
    "faq-question-empty.md": topic(),
    "heading-empty.md": topic(),
    "unresolved-link.md": topic(),
    "javascript-link.md": topic(),
    "existing-slug.md": topic("slug: fear-of-intimacy"),
    "update--wrong-type.md": md("title: T\ntype: page\nparent: intimacy\nslug: fear-of-intimacy"),
    "text-one-line.txt": "Only a category\n",
    "text-item-outside-faq.txt": "Intimacy\nTitle\n- stray item\n" + PARA + "\n",
    "text-question-no-answer.txt": TEXT_OK + "Questions\n- Is it?\n",
    "text-question-empty.txt": TEXT_OK + "Questions\n- Is it?\n- Yes.\n- \n- An answer to nothing.\n",
    "text-after-faq.txt": TEXT_OK + "Questions\n- Is it?\n- Yes.\nOne\nTwo\nThree\n",
    "text-indented-line.txt": TEXT_OK + "   An indented paragraph that would lose its spaces.\n",
    "text-tab-indented.txt": "Intimacy\n\tA title\nWhat is it?\n" + PARA + "\n",
    "text-title-is-item.txt": "Intimacy\n- item\n",
    "text-hard-wrapped.txt": (
        "Intimacy\nA wrapped page\nFear of intimacy is common, and it\ncan change with patience\nand care.\n"
    ),
}
# Too big to commit: the test writes these two next to the others at run time.
HUGE = {
    "huge-file.md": lambda: topic() + (PARA + " ") * 20000,
    "huge-line-title.txt": lambda: "Intimacy\n" + "word " * 100_000 + "\nWhat?\n" + PARA + "\n",
}
BODIES = {
    "question-outside-faq.md": f"Why?\n\n{PARA}\n\n### A stray question?\n\nAn answer.\n",
    "faq-question-no-answer.md": (
        f"Why?\n\n{PARA}\n\n## Questions\n\n### First?\n\n### Second?\n\nOnly one answer.\n"
    ),
    # "### " with nothing after it once merged into the answer above, unreported.
    "faq-question-empty.md": (
        f"Why?\n\n{PARA}\n\n## Questions\n\n### First?\n\nAn answer.\n\n### \n\nAn orphan answer.\n"
    ),
    "heading-empty.md": f"Why?\n\n{PARA}\n\n## \n\n{PARA}\n",
    "unresolved-link.md": f"Why?\n\n{PARA} See [the missing page](/no/such/page/).\n",
    "javascript-link.md": f"Why?\n\n{PARA} See [this](javascript:void).\n",
}


def main():
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    for name, content in CASES.items():
        if name in BODIES:
            front = content.split("---\n")[1]
            content = f"---\n{front}---\n{BODIES[name]}"
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (FILES / name).write_bytes(data)
    print(f"wrote {len(CASES)} files to {FILES}")


if __name__ == "__main__":
    main()
