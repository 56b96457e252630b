#!/usr/bin/env python
"""Our readability figures side by side with Yoast's (optional; never run in CI).

    python bench/peer_yoast.py [--peer-dir /tmp/yoast-peer] [--version 3.6.0]

yoastseo is GPL-3.0, so it never enters this repository: the script installs
it with npm into a throwaway folder outside the repo (`--peer-dir`) and runs
bench/peer/yoast_peer.js against it with NODE_PATH. The pages are the seed
pillar (../shared/seeds/intimacy-pillar.txt) and content/intimacy/*.md. Both
sides read the same prose: the lead answer, paragraphs and FAQ answers, one
<p> per unit (headings, questions and the CTA are labels, not prose, for us
and for them). Prints a Markdown table for docs/checks.md ("Peer agreement").
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cluster.content_io.formats import parse_file  # noqa: E402
from cluster.content_io.formats.source import LINK_RE  # noqa: E402
from validators import text as T  # noqa: E402
from validators import validate_page  # noqa: E402
from validators.document import CTA, FAQ, HEADING, LEAD, PARAGRAPH, Block, FAQItem, PageDocument  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "intimacy-pillar.txt"
DEMO = ROOT / "content" / "intimacy"
SCRIPT = ROOT / "bench" / "peer" / "yoast_peer.js"


def _plain(text: str) -> str:
    return LINK_RE.sub(lambda m: m.group(1), text or "")


def _block(index: int, source) -> Block:
    if source.kind == "lead":
        return Block(index=index, kind=LEAD, text=_plain(source.answer), title=source.text)
    if source.kind == "faq":
        items = tuple(FAQItem(question=q, answer=_plain(a)) for q, a, _ in source.items)
        return Block(index=index, kind=FAQ, title=source.title, faq_items=items)
    kind = {"heading": HEADING, "paragraph": PARAGRAPH}.get(source.kind, CTA)
    return Block(index=index, kind=kind, text=_plain(source.text), title=source.title)


def document(path: Path) -> PageDocument:
    page = parse_file(path, path.read_bytes())
    blocks = tuple(_block(n, b) for n, b in enumerate(page.blocks))
    return PageDocument(
        id=1,
        type=page.type or "topic",
        slug=page.slug or path.stem,
        title=page.title,
        language=page.language,
        blocks=blocks,
    )


def prose_html(doc: PageDocument) -> str:
    return "".join(
        f"<p>{html.escape(unit.text)}</p>"
        for segment in T.prose_segments(doc)
        for unit in segment.units
        if unit.kind != "heading"
    )


def ours(doc: PageDocument) -> dict:
    metrics = validate_page(doc, families=["readability"]).metrics["readability"]
    return {
        "flesch": metrics["flesch_reading_ease"],
        "passive": metrics["passive_share"],
        "transition": metrics["transition_share"],
        "sameStart": metrics["same_start_runs"],
        "sentences": metrics["sentences"],
    }


def install(peer_dir: Path, version: str) -> None:
    if (peer_dir / "node_modules" / "yoastseo" / "package.json").exists():
        return
    peer_dir.mkdir(parents=True, exist_ok=True)
    if not (peer_dir / "package.json").exists():
        (peer_dir / "package.json").write_text('{"name": "yoast-peer", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", f"yoastseo@{version}"], cwd=peer_dir, check=True
    )


def yoast(pages: dict[str, PageDocument], peer_dir: Path) -> dict[str, dict]:
    payload = json.dumps([{"name": name, "html": prose_html(doc)} for name, doc in pages.items()])
    env = {**os.environ, "NODE_PATH": str(peer_dir / "node_modules")}
    out = subprocess.run(
        ["node", str(SCRIPT)], input=payload, capture_output=True, text=True, env=env, check=True
    )
    return {row["name"]: row for row in json.loads(out.stdout)}


def _pct(value) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def table(pages: dict[str, PageDocument], theirs: dict[str, dict]) -> list[str]:
    lines = [
        "| page | sentences us / Yoast | Flesch us / Yoast | passive % us / Yoast | "
        "transitions % us / Yoast | same-start runs us / Yoast |",
        "|---|---|---|---|---|---|",
    ]
    for name, doc in pages.items():
        us, them = ours(doc), theirs[name]
        lines.append(
            f"| {name} | {us['sentences']} / {them['sentences']} | {us['flesch']} / {them['flesch']} | "
            f"{_pct(us['passive'])} / {_pct(them['passive'])} | "
            f"{_pct(us['transition'])} / {_pct(them['transition'])} | "
            f"{us['sameStart']} / {them['sameStart']} |"
        )
    return lines


def worst_gap(pages, theirs) -> tuple[float, float]:
    gaps = [
        (abs(ours(d)["passive"] - theirs[n]["passive"]), abs(ours(d)["transition"] - theirs[n]["transition"]))
        for n, d in pages.items()
    ]
    return max(g[0] for g in gaps), max(g[1] for g in gaps)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-dir", type=Path, default=Path("/tmp/yoast-peer"))
    parser.add_argument("--version", default="3.6.0", help="yoastseo version to install")
    args = parser.parse_args(argv)
    if ROOT in args.peer_dir.resolve().parents or args.peer_dir.resolve() == ROOT:
        parser.error("--peer-dir must be outside the repository (yoastseo is GPL-3.0)")
    install(args.peer_dir, args.version)
    pages = {"seed pillar": document(SEED)} if SEED.exists() else {}
    pages.update({path.stem: document(path) for path in sorted(DEMO.glob("*.md"))})
    theirs = yoast(pages, args.peer_dir)
    print("\n".join(table(pages, theirs)))
    passive, transition = worst_gap(pages, theirs)
    print(f"\nlargest gap: passive {100 * passive:.1f} points, transitions {100 * transition:.1f} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
