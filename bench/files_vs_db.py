"""`files_vs_db`: validating a cluster from page files vs from the database.

The generated cluster (`generate_cluster`, via suites.ensure_cluster) is
exported as a content tree (`export_page`, one Markdown file a page) into a
temporary folder; then `validate_content <folder>` and
`validate_content --cluster SLUG` run alternately, cold (every cache and the
pronouncing dictionary forgotten), three times each. The ratio of the medians
is reported: files mode should not be slower (target <= 1.0).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench.suites import _secs, clear_caches, ensure_cluster, gate_command, result, timed

ROUNDS = 3


def export_tree(slug: str, folder: Path) -> int:
    from cluster.content_io.exporter import export_page
    from cluster.models import PillarPage

    pillar = PillarPage.objects.get(slug=slug)
    (folder / slug).mkdir(parents=True)
    (folder / slug / "index.md").write_text(export_page(pillar, "markdown"), encoding="utf-8")
    topics = list(pillar.get_children().specific())
    for topic in topics:
        (folder / slug / f"{topic.slug}.md").write_text(export_page(topic, "markdown"), encoding="utf-8")
    return 1 + len(topics)


def bench_files_vs_db(large: int) -> dict:
    slug = ensure_cluster(large)
    with tempfile.TemporaryDirectory(prefix="cluster-bench-files-") as scratch:
        files = export_tree(slug, Path(scratch))
        tree = str(Path(scratch) / slug)
        from_files, from_db = [], []
        for _ in range(ROUNDS):
            clear_caches()
            from_files.append(timed(gate_command, tree, "--format", "json")[0])
            clear_caches()
            from_db.append(timed(gate_command, "--cluster", slug, "--format", "json")[0])
    ratio = round(statistics.median(from_files) / statistics.median(from_db), 2)
    detail = f"{files} files: validate_content PATH {_secs(from_files)} vs --cluster {_secs(from_db)}"
    return {"files_vs_db": result(ratio, "<= 1.0", "ratio", ratio <= 1.0, detail=detail)}
