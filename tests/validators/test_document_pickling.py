"""Documents pickle (the cache, worker processes) as calls of their classes, and old entries still load."""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle

from tests.validators.factories import clean_topic, cta, link, page
from validators.document import Block, FAQItem, Link, PageDocument


def document() -> PageDocument:
    topic = clean_topic(2, links=[link(1), link(3, field="faq", faq_item=0)])
    return dataclasses.replace(
        topic, blocks=(*topic.blocks, cta(4, target_id=1)), content_hash="h", edit_url="/admin/pages/2/edit/"
    )


def test_a_document_comes_back_equal():
    doc = document()
    for protocol in (2, 4, 5):
        assert pickle.loads(pickle.dumps(doc, protocol)) == doc
    assert pickle.loads(pickle.dumps(page([]))) == page([])


def test_entries_pickled_by_dataclasses_own_state_still_load():
    """What the cache holds from before: dataclasses' state for a frozen slotted class."""

    class StatePickler(pickle.Pickler):
        def reducer_override(self, obj):
            if type(obj) in (Link, FAQItem, Block, PageDocument):
                state = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
                return copyreg.__newobj__, (type(obj),), state
            return NotImplemented

    doc, data = document(), io.BytesIO()
    StatePickler(data, 4).dump(doc)
    assert pickle.loads(data.getvalue()) == doc
