"""The demo cluster: rendering, JSON-LD matching the visible FAQ.

Loading it: tests/commands/test_load_demo.py.
"""

import json

import pytest
from bs4 import BeautifulSoup

from cluster.models import ContentPage, PillarPage, TopicPage

TOPICS = [
    "fear-of-intimacy",
    "intimacy-after-trauma",
    "vulnerability-threshold",
    "emotional-vs-physical-intimacy",
    "long-term-desire-paradox",
    "responsive-desire",
    "sexual-brakes-and-accelerators",
    "attachment-style",
    "rebuilding-intimacy-after-rupture",
]


def test_demo_builds_the_cluster(demo):
    topics = TopicPage.objects.child_of(demo)
    assert sorted(t.slug for t in topics) == sorted(TOPICS)
    assert all(p.live and not p.has_unpublished_changes for p in [demo, *topics])
    cta = ContentPage.objects.get(slug="find-your-intimacy-style")
    assert cta.live and cta.get_parent().id == demo.id


def demo_urls():
    return ["/intimacy/"] + [f"/intimacy/{slug}/" for slug in TOPICS]


@pytest.mark.parametrize("url", demo_urls())
def test_demo_page_renders_with_faq_json_ld_matching_the_visible_faq(demo, client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    faq_pages = [b for b in blocks if b["@type"] == "FAQPage"]
    assert len(faq_pages) == 1
    visible = [h.get_text(strip=True) for h in soup.select(".faq-item .faq-question")]
    marked_up = [q["name"] for q in faq_pages[0]["mainEntity"]]
    assert marked_up == visible and len(visible) >= 3
    for question, item in zip(faq_pages[0]["mainEntity"], soup.select(".faq-item"), strict=True):
        assert question["@type"] == "Question"
        answer = question["acceptedAnswer"]
        assert isinstance(answer, dict) and answer["@type"] == "Answer"
        assert BeautifulSoup(answer["text"], "lxml").get_text() == item.select_one(".faq-answer").get_text(
            strip=True
        )
    crumbs = [b for b in blocks if b["@type"] == "BreadcrumbList"][0]["itemListElement"]
    assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[-1]["item"].endswith(url)


def test_pillar_lists_every_topic_and_topic_shows_breadcrumb_and_related(demo, client):
    soup = BeautifulSoup(client.get("/intimacy/").content, "lxml")
    listed = {a["href"] for a in soup.select("aside.topics a")}
    assert listed == {f"/intimacy/{slug}/" for slug in TOPICS}
    soup = BeautifulSoup(client.get("/intimacy/fear-of-intimacy/").content, "lxml")
    assert [a["href"] for a in soup.select("nav.breadcrumb a")] == ["/", "/intimacy/"]
    related = [a["href"] for a in soup.select("aside.related a")]
    declared = TopicPage.objects.get(slug="fear-of-intimacy").related_topics.all()
    assert related == [r.target.url for r in declared] and related


def test_prose_and_cta_links_to_public_pages_keep_their_href(demo, client):
    # The other side of the HTML sweep in tests/test_api_leaks.py: links to
    # pages the public can see render as Wagtail renders them.
    from wagtail.models import Page

    from cluster.stored.reader import rich_text_targets, rich_texts

    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    raw = topic.body.raw_data
    ids = {pid for source in rich_texts(raw) for pid in rich_text_targets(source)}
    [cta] = [b["value"]["page"] for b in raw if b["type"] == "cta"]
    soup = BeautifulSoup(client.get(topic.url).content, "lxml")
    hrefs = {a.get("href") for a in soup.find_all("a")}
    assert ids and {page.url for page in Page.objects.filter(id__in=ids)} <= hrefs
    assert soup.select_one("a.cta-button")["href"] == Page.objects.get(id=cta).url


def test_drafts_are_not_served(demo, client):
    topic = TopicPage.objects.get(slug="responsive-desire")
    topic.unpublish()
    assert client.get("/intimacy/responsive-desire/").status_code == 404
    soup = BeautifulSoup(client.get("/intimacy/").content, "lxml")
    assert "/intimacy/responsive-desire/" not in {a["href"] for a in soup.select("aside.topics a")}


def test_json_ld_cannot_break_out_of_its_script_tag(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")
    raw = topic.body.raw_data
    faq = next(b for b in raw if b["type"] == "faq")
    item = faq["value"]["items"][0]
    item.get("value", item)["question"] = "</script><script>alert(1)</script>?"
    topic.body = raw
    topic.save_revision().publish()
    html = client.get("/intimacy/fear-of-intimacy/").content.decode()
    assert "<script>alert(1)" not in html
    assert PillarPage.objects.count() == 1


def test_a_topic_under_a_withdrawn_pillar_never_names_the_pillar(demo, client):
    topic = TopicPage.objects.get(slug="fear-of-intimacy")

    def page_text() -> str:
        response = client.get(topic.url)
        assert response.status_code == 200  # Wagtail serves a live page under a withdrawn parent
        return response.content.decode()

    # The pillar's URL, ending where an attribute or JSON string ends (the
    # topic's own URL starts with it).
    pillar_url = f'{demo.url}"'
    # Positive control: while the pillar is live, the page names it (breadcrumb, JSON-LD).
    assert demo.title in page_text() and pillar_url in page_text()
    demo.unpublish()
    html = page_text()
    assert demo.title not in html and pillar_url not in html
    scripts = BeautifulSoup(html, "lxml").find_all("script", type="application/ld+json")
    [breadcrumb] = [json.loads(s.string) for s in scripts if "BreadcrumbList" in s.string]
    assert [item["name"] for item in breadcrumb["itemListElement"]][-1] == topic.title
