"""Markdown with YAML front matter.

    ---
    title: ...            (required)
    slug / type / parent / category / language / seo_title / focus_keyphrase / search_description
    related: [slug, {slug: other, required: false}]
    required_questions: [...]
    cta: {heading: ..., label: ..., link: /path/}
    ---
    Lead question?        (or "## Lead question?": a question heading opening the page)

    Lead answer.

    ## Heading

    Paragraph with [anchor](/site/path/) links.

    ## Common questions

    ### Question?

    Answer paragraph(s).

Chunks are separated by blank lines. Any `##` heading directly followed by a
`###` question opens the FAQ section. Front matter is written back in one
canonical layout (keys in the order above, one per line, flow style, double
quotes only where YAML needs quoting), so a file in that layout round-trips
byte for byte.
"""

from __future__ import annotations

import json
import re

import yaml

from cluster.content_io.formats.source import FormatError, SourceBlock, SourcePage

FRONT_MATTER_KEYS = (
    "title",
    "slug",
    "type",
    "parent",
    "category",
    "language",
    "seo_title",
    "focus_keyphrase",
    "search_description",
    "related",
    "required_questions",
    "cta",
)
PAGE_TYPES = ("pillar", "topic", "page")
SCALARS = (str, int, float)
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")


def _split_front_matter(path, text):
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FormatError(path, [(1, "Markdown pages start with '---' and YAML front matter")])
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return lines[1:i], lines[i + 1 :], i + 2
    raise FormatError(path, [(1, "front matter is not closed by a '---' line")])


def _refuse_anchors(path, text):
    """Anchors and aliases (`&a`, `*a`) are refused before anything is built.

    An alias is a reference, so a few hundred bytes of nested aliases expand
    into gigabytes ("billion laughs"). Front matter never needs them. Parse
    events are read one at a time and nothing is expanded, so this is cheap.
    """
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 2
            raise FormatError(
                path, [(line, "YAML anchors and aliases (& and *) are not allowed in front matter")]
            )


# libyaml's C parser, when PyYAML was built with it (the wheels are).
_C_LOADER = getattr(yaml, "CSafeLoader", None)


def _fast_load(text):
    """The front matter read by libyaml, or None when only the pure-Python path can say.

    PyYAML's pure-Python parser takes most of a files run's reading time;
    libyaml reads the same YAML 1.1 ten times faster, and builds values with
    the same safe constructor. Its error messages differ, and it counts
    nesting differently, so anything it refuses, and any file with an anchor
    or alias (which needs `&` or `*`), goes the old way, which words the
    problem as before.
    """
    if _C_LOADER is None:
        return None
    try:
        if ("&" in text or "*" in text) and any(
            isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
            for event in yaml.parse(text, Loader=_C_LOADER)
        ):
            return None
        return yaml.load(text, Loader=_C_LOADER) or {}
    except (yaml.YAMLError, UnicodeError):  # libyaml refuses surrogates with UnicodeEncodeError
        return None


# No front matter key holds more than a list of mappings (related: [{slug, required}]);
# deeper values are refused by depth, not by whichever parser's recursion limit
# happens to be hit first (libyaml reads hundreds of levels without complaint).
MAX_NESTING = 16
TOO_DEEP = "front matter nests lists or mappings too deeply"


def _nesting(value) -> int:
    """How deeply lists and mappings nest in a loaded YAML value (iteratively: no recursion limit)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_NESTING:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _load_yaml(path, lines):
    text = "\n".join(lines)
    try:
        data = _fast_load(text)
        if data is None:
            _refuse_anchors(path, text)
            data = yaml.safe_load(text) or {}
    except RecursionError:  # PyYAML's pure-Python path builds nested values recursively
        raise FormatError(path, [(2, TOO_DEEP)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise FormatError(
            path, [(line, f"invalid YAML front matter: {getattr(exc, 'problem', exc)}")]
        ) from None
    if not isinstance(data, dict):
        raise FormatError(path, [(2, "front matter must be a mapping of keys to values")])
    if _nesting(data) > MAX_NESTING:
        raise FormatError(path, [(2, TOO_DEEP)])
    field_lines = {}
    for n, line in enumerate(lines, 2):
        key = line.split(":", 1)[0].strip()
        if key in data and not line.startswith((" ", "\t")):
            field_lines.setdefault(key, n)
    return data, field_lines


def _related(path, value, line, problems):
    related = []
    for item in value or []:
        if isinstance(item, str):
            related.append((item, True))
        elif isinstance(item, dict) and isinstance(item.get("slug"), str):
            related.append((item["slug"], bool(item.get("required", True))))
        else:
            problems.append((line, f"related: expected a slug or {{slug, required}}, got {item!r}"))
    return related


def _page_from_front_matter(path, data, field_lines) -> tuple[SourcePage, list]:
    problems = []
    unknown = sorted(set(data) - set(FRONT_MATTER_KEYS))
    for key in unknown:
        problems.append((field_lines.get(key, 2), f"unknown front matter key {key!r}"))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append((field_lines.get("title", 2), "missing title: front matter needs 'title'"))
        title = ""
    page_type = str(data.get("type") or "")
    if page_type and page_type not in PAGE_TYPES:
        problems.append((field_lines.get("type", 2), f"type must be one of {', '.join(PAGE_TYPES)}"))

    def text(key):
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, SCALARS):
            # Converting a list or mapping with str() would store its repr.
            problems.append((field_lines.get(key, 2), f"{key}: expected text, got {_kind(value)}"))
            return ""
        return str(value)

    page = SourcePage(
        path=str(path),
        title=title,
        category=text("category"),
        slug=text("slug"),
        type=page_type,
        parent=text("parent"),
        language=text("language") or "en",
        seo_title=text("seo_title"),
        focus_keyphrase=text("focus_keyphrase"),
        search_description=text("search_description"),
        field_lines=field_lines,
    )
    page.related = _related(path, data.get("related"), field_lines.get("related", 2), problems)
    questions = data.get("required_questions") or []
    if not isinstance(questions, list) or not all(isinstance(q, SCALARS) for q in questions):
        problems.append(
            (field_lines.get("required_questions", 2), "required_questions: expected a list of questions")
        )
        questions = []
    page.required_questions = [str(q) for q in questions]
    problems += _unstorable(data, field_lines)
    return page, problems


def _kind(value) -> str:
    return {list: "a list", dict: "a mapping"}.get(type(value), f"a {type(value).__name__}")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def _unstorable(data, field_lines) -> list:
    """Text YAML escapes can produce but no database stores: NUL and lone surrogates.

    ("\\0" and "\\ud800" in a double-quoted YAML string.) PostgreSQL refuses
    NUL, and neither database accepts a lone surrogate as UTF-8.
    """
    problems = []
    for key, value in data.items():
        if any(UNSTORABLE_RE.search(text) for text in _strings(value)):
            problems.append(
                (field_lines.get(key, 2), f"{key}: contains a NUL or an unpaired surrogate character")
            )
    return problems


def _chunks(lines, first_number):
    """Blank-line separated chunks as (line number, text)."""
    chunk, start = [], None
    for n, line in enumerate(lines, first_number):
        if line.strip():
            if not chunk:
                start = n
            chunk.append(line.rstrip())
        elif chunk:
            yield start, "\n".join(chunk)
            chunk = []
    if chunk:
        yield start, "\n".join(chunk)


def _parse_faq(chunks, i, title, line, problems):
    block = SourceBlock("faq", line, title=title)
    while i < len(chunks) and _is_marked(chunks[i][1], "###"):
        q_line, question = chunks[i]
        answer = []
        i += 1
        while i < len(chunks) and not _is_marked(chunks[i][1], "##", "###"):
            answer.append(chunks[i][1])
            i += 1
        if not _marked_text(question, "###"):
            problems.append((q_line, "a '###' question with no text: write the question after '### '"))
        elif not answer:
            problems.append((q_line, f"question has no answer: {question[4:]!r}"))
        block.items.append((question[4:], "\n\n".join(answer), q_line))
    return block, i


def _marked_text(chunk: str, mark: str) -> str:
    """The text after the mark on the chunk's first line ("" for a bare "###",
    even when the next line follows without a blank line)."""
    return chunk.split("\n", 1)[0][len(mark) + 1 :].strip()


def _is_marked(chunk: str, *marks: str) -> bool:
    """Whether the chunk opens with one of the heading marks ("##", "###").

    A mark alone on its line counts too: `_chunks` strips the space after
    "### ", and an empty question read as a paragraph was silently merged
    into the answer before it, the question lost without a word.
    """
    first = chunk.split("\n", 1)[0]
    return any(first == mark or first.startswith(mark + " ") for mark in marks)


def _lead(chunks) -> SourceBlock | None:
    """The lead question and its answer, if the body opens with them.

    The question is a plain line or a `## Question?` heading: either way it is
    the page's opening question followed by its answer, as line 3 and 4 are in
    the text format, so both formats give the same document (issue 15).
    """
    if len(chunks) < 2 or _is_marked(chunks[1][1], "##", "###"):
        return None
    line, question = chunks[0]
    question = question.removeprefix("## ")
    return SourceBlock("lead", line, text=question, answer=chunks[1][1]) if question.endswith("?") else None


def _parse_body(chunks, problems) -> list[SourceBlock]:
    blocks, i = [], 0
    lead = _lead(chunks)
    if lead is not None:
        blocks.append(lead)
        i = 2
    while i < len(chunks):
        line, chunk = chunks[i]
        if _is_marked(chunk, "##") and not _marked_text(chunk, "##"):
            problems.append((line, "a '##' heading with no text: write the heading after '## '"))
        if _is_marked(chunk, "##") and i + 1 < len(chunks) and _is_marked(chunks[i + 1][1], "###"):
            block, i = _parse_faq(chunks, i + 1, chunk[3:], line, problems)
            blocks.append(block)
            continue
        if _is_marked(chunk, "###"):
            problems.append((line, "a '###' question outside a FAQ section"))
        elif _is_marked(chunk, "##"):
            blocks.append(SourceBlock("heading", line, text=chunk[3:]))
        else:
            blocks.append(SourceBlock("paragraph", line, text=chunk))
        i += 1
    return blocks


def parse_markdown(path, text: str) -> SourcePage:
    front, body, body_start = _split_front_matter(path, text)
    data, field_lines = _load_yaml(path, front)
    page, problems = _page_from_front_matter(path, data, field_lines)
    page.blocks = _parse_body(list(_chunks(body, body_start)), problems)
    cta = data.get("cta")
    if cta is not None:
        if not isinstance(cta, dict) or not cta.get("label"):
            problems.append((field_lines.get("cta", 2), "cta needs at least a 'label'"))
        else:
            page.blocks.append(
                SourceBlock(
                    "cta",
                    field_lines.get("cta", 2),
                    text=str(cta["label"]),
                    title=str(cta.get("heading") or ""),
                    link=str(cta.get("link") or ""),
                )
            )
    if problems:
        raise FormatError(path, problems)
    return page


def _scalar(value, flow=False) -> str:
    """A YAML scalar: plain when that reads back unchanged, else double-quoted."""
    text = str(value)
    probe = f"k: {{a: {text}}}" if flow else f"k: {text}"
    try:
        loaded = yaml.safe_load(probe)
        parsed = loaded["k"]["a"] if flow else loaded["k"]
        if parsed == text and text == text.strip() and "#" not in text:
            return text
    except (yaml.YAMLError, TypeError, KeyError):
        pass
    return _YAML_UNPRINTABLE.sub(_escaped, json.dumps(text, ensure_ascii=False))


# Characters YAML will not read back raw, even inside double quotes: those it
# refuses (PyYAML's Reader.NON_PRINTABLE: C1 controls, DEL, U+FFFE, U+FFFF)
# and the line breaks it folds (U+0085, U+2028, U+2029). json.dumps escapes
# only those below U+0020, so the rest are written as \u escapes, which a
# double-quoted YAML scalar reads back as the same character.
_YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _escaped(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def _front_matter(page: SourcePage) -> list[str]:
    cta = next((b for b in page.blocks if b.kind == "cta"), None)
    values = {
        "title": page.title,
        "slug": page.slug,
        "type": page.type,
        "parent": page.parent,
        "category": page.category,
        "language": page.language,
        "seo_title": page.seo_title,
        "focus_keyphrase": page.focus_keyphrase,
        "search_description": page.search_description,
    }
    lines = [f"{key}: {_scalar(value)}" for key, value in values.items() if value]
    if page.related:
        items = [
            _scalar(slug, flow=True) if required else f"{{slug: {_scalar(slug, flow=True)}, required: false}}"
            for slug, required in page.related
        ]
        lines.append(f"related: [{', '.join(items)}]")
    if page.required_questions:
        lines.append(
            "required_questions: [" + ", ".join(_scalar(q, flow=True) for q in page.required_questions) + "]"
        )
    if cta:
        parts = [("heading", cta.title), ("label", cta.text), ("link", cta.link)]
        inner = ", ".join(f"{k}: {_scalar(v, flow=True)}" for k, v in parts if v)
        lines.append(f"cta: {{{inner}}}")
    return ["---", *lines, "---"]


def render_markdown(page: SourcePage) -> str:
    chunks = []
    for block in page.blocks:
        if block.kind == "lead":
            chunks += [block.text, block.answer]
        elif block.kind == "heading":
            chunks.append("## " + block.text)
        elif block.kind == "paragraph":
            chunks.append(block.text)
        elif block.kind == "faq":
            chunks.append("## " + block.title)
            for question, answer, _ in block.items:
                chunks += ["### " + question, answer]
    return "\n".join(_front_matter(page)) + "\n" + "\n\n".join(chunks) + "\n"
