from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cluster.models import ContentPage, HomePage, PillarPage, TopicPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_pillar_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(PillarPage, {HomePage})

    def test_topic_lives_under_a_pillar_only(self):
        self.assertAllowedParentPageTypes(TopicPage, {PillarPage})

    def test_topics_have_no_children(self):
        self.assertAllowedSubpageTypes(TopicPage, set())

    def test_pillar_children(self):
        self.assertAllowedSubpageTypes(PillarPage, {TopicPage, ContentPage})

    def test_cannot_create_topic_under_home(self):
        self.assertCanNotCreateAt(HomePage, TopicPage)
        self.assertCanNotCreateAt(Page, PillarPage)
        self.assertCanCreateAt(HomePage, PillarPage)
        self.assertCanCreateAt(PillarPage, TopicPage)

    def test_home_page_is_the_site_root(self):
        home = HomePage.objects.get()
        self.assertEqual(home.get_site().root_page.specific, home)
