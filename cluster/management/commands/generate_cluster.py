"""Build a deterministic synthetic cluster for benchmarks.

One pillar and N published topic pages with realistic prose (sentences
recombined from the demo cluster), about 900 words each, an FAQ of 4, about 8
links to the pillar and siblings, and declared related topics. Every tenth
topic carries one defect (no FAQ, no link to the pillar, or an overlong
sentence) so the failure paths are measured too.

The pages are published with the publication gate off: they are test data,
some are meant to fail, and validating each publish against a growing cluster
would make generation itself quadratic.

The topics are added and published in bulk (cluster/management/bulk_pages.py),
leaving the rows `add_child` and `save_revision().publish()` leave: 2,000
topics take about 10 s instead of 4 minutes. `--per-page` makes them with those
calls, one page at a time; tests/commands/test_generate_cluster.py compares the two.
"""

import random
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Site

from cluster.management import bulk_pages
from cluster.models import HomePage, PillarPage, RelatedTopic, TopicPage

# The demo cluster is the example content tree (docs/content-as-code.md).
DEMO_DIR = Path(__file__).resolve().parents[3] / "content" / "intimacy"
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
WORDS = (
    "trust repair distance desire safety touch shame novelty habit memory rhythm attention humour "
    "grief money chores sleep children parents friends work stress illness travel holidays jealousy "
    "boredom curiosity play silence anger apology gratitude routine ritual privacy screens dating "
    "moving ageing fertility recovery pleasure"
).split()
QUESTION_FORMS = [
    "How does {a} shape {b} when {c} is involved for {who}?",
    "Why can {a} and {b} pull apart during {c} for {who}?",
    "What helps {who} when {a} meets {b} and {c}?",
    "When should {who} talk about {a}, {b} or {c}?",
]
SYLLABLES = "ka bo du mi re sa lo ne vi tu".split()
# Topics given their content and published per batch (bulk_pages.publish_new).
CHUNK = 500


def pseudo_name(n: int) -> str:
    """A made-up word unique to n, so generated FAQs are not near-duplicates."""
    out = ""
    while True:
        n, r = divmod(n, len(SYLLABLES))
        out += SYLLABLES[r]
        if n == 0:
            return out.capitalize()


def demo_sentences() -> list[str]:
    sentences = []
    for path in sorted(DEMO_DIR.glob("*.md")):
        body = path.read_text().split("---", 2)[2]
        for chunk in body.split("\n\n"):
            chunk = LINK.sub(r"\1", chunk.strip())
            if chunk and not chunk.startswith("#") and not chunk.endswith("?"):
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", chunk) if len(s.split()) >= 4]
    return sentences


def link(page_id, anchor):
    return f'<a linktype="page" id="{page_id}">{anchor}</a>'


class Generator:
    def __init__(self, seed, sentences):
        self.rng = random.Random(seed)
        self.sentences = sentences

    def paragraph(self, words=60, links=()):
        out, count = [], 0
        while count < words:
            sentence = self.rng.choice(self.sentences)
            out.append(sentence)
            count += len(sentence.split())
        for n, (page_id, anchor) in enumerate(links):
            out.insert(min(n + 1, len(out)), f"See {link(page_id, anchor)} for more on this.")
        return "<p>" + " ".join(out) + "</p>"

    def faq(self, n):
        items = []
        for form in QUESTION_FORMS:
            a, b, c = self.rng.sample(WORDS, 3)
            answer = self.paragraph(45)
            who = f"{pseudo_name(n if isinstance(n, int) else 10_000 + len(n))} and {self.rng.choice(WORDS)}"
            items.append({"question": form.format(a=a, b=b, c=c, who=who), "answer": answer})
        return {"type": "faq", "value": {"title": "Common questions", "items": items}}

    def topic_body(self, n, pillar_id, siblings, defect):
        to_pillar = [] if defect == "no-pillar-link" else [(pillar_id, "the cluster overview")]
        links = [(sid, f"the related topic {sid}") for sid in siblings]
        body = [
            {
                "type": "lead",
                "value": {
                    "question": f"What is synthetic topic {n}?",
                    "answer": self.paragraph(40, to_pillar),
                },
            }
        ]
        for section in range(6):
            body.append({"type": "heading", "value": f"Section {section + 1} of topic {n}"})
            for p in range(3):
                extra = links[section * 3 + p : section * 3 + p + 1] if section < 3 else []
                if section == 5 and p == 0 and to_pillar:
                    extra.append(to_pillar[0])
                body.append({"type": "paragraph", "value": self.paragraph(45, extra)})
        if defect == "long-sentence":
            body.append({"type": "paragraph", "value": "<p>" + " ".join(["and then"] * 40) + " end.</p>"})
        if defect != "no-faq":
            body.append(self.faq(n))
        return body


class Command(BaseCommand):
    help = "Build a deterministic synthetic cluster (one pillar, N published topics) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--slug", default="generated")
        parser.add_argument(
            "--per-page",
            action="store_true",
            help="Add and publish each topic with Wagtail's own calls (slow; the bulk default is tested "
            "against it).",
        )

    @override_settings(CLUSTER_PUBLICATION_GATE=False)
    def handle(self, topics, seed, slug, per_page, **options):
        if topics < 1:
            raise CommandError("--topics must be at least 1")
        if PillarPage.objects.filter(slug=slug).exists():
            raise CommandError(f"a pillar with slug {slug!r} already exists; pick another --slug")
        with transaction.atomic():
            pillar, count = self.build(topics, seed, slug, per_page)
        self.stdout.write(f"Generated cluster {slug!r}: pillar {pillar.id} and {count} topics.")

    def build(self, topics, seed, slug, per_page=False):
        gen = Generator(seed, demo_sentences())
        home = Site.objects.get(is_default_site=True).root_page.specific
        if not isinstance(home, HomePage):
            raise CommandError("the default site's root page must be the HomePage")
        pillar = home.add_child(
            instance=PillarPage(
                title=f"Generated cluster {slug}", slug=slug, category="Generated", live=False
            )
        )
        pages = [
            TopicPage(
                title=f"Synthetic topic {n}", slug=f"{slug}-topic-{n}", category="Generated", live=False
            )
            for n in range(topics)
        ]
        if per_page:
            pages = [pillar.add_child(instance=page) for page in pages]
        else:
            pages = bulk_pages.add_children(parent=pillar, pages=pages)
        ids, links = [p.id for p in pages], [(p.id, p.title) for p in pages]
        defects = ["no-faq", "no-pillar-link", "long-sentence"]
        for start in range(0, topics, CHUNK):
            # Published chunks are dropped, so a large cluster's bodies are
            # never all in memory at once.
            chunk, pages = pages[:CHUNK], pages[CHUNK:]
            for n, page in enumerate(chunk, start=start):
                siblings = [ids[(n + d) % topics] for d in (1, 2, 3, 5, 8, 13) if topics > d]
                defect = defects[(n // 10) % 3] if n % 10 == 9 else None
                page.body = gen.topic_body(n, pillar.id, siblings, defect)
                page.related_topics = [RelatedTopic(target_id=t, required=True) for t in siblings[:2]]
            if per_page:
                for page in chunk:
                    page.save_revision().publish()
            else:
                bulk_pages.publish_new(pages=chunk)
        self.publish_pillar(gen, pillar, links)
        return pillar, len(ids)

    def publish_pillar(self, gen, pillar, links):
        pillar.refresh_from_db()
        body = [
            {
                "type": "lead",
                "value": {"question": "What does this generated cluster cover?", "answer": gen.paragraph(40)},
            }
        ]
        for start in range(0, len(links), 10):
            if start % 50 == 0:
                body.append({"type": "heading", "value": f"Topics from {start + 1}"})
            body.append({"type": "paragraph", "value": gen.paragraph(30, links[start : start + 10])})
        body.append({"type": "faq", "value": gen.faq("pillar")["value"]})
        body[-1]["value"]["items"] += gen.faq("pillar-more")["value"]["items"][:1]
        pillar.body = body
        pillar.save_revision().publish()
