"""The cross-page question index finds exactly what comparing every pair finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from validators import similarity as sim

# A small vocabulary, so generated questions overlap heavily, as templated FAQs do.
WORDS = st.sampled_from(
    "how does trust grow when partners talk about fear desire touch safety and why".split()
)
QUESTION = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
OWNED = st.lists(st.tuples(st.integers(0, 30), QUESTION), max_size=40)


def brute_force(owned, question, exclude, min_jaccard):
    mine = sim.prepare_question(question)
    hits = [
        (key, key)
        for key, text in owned
        if key != exclude
        and mine.norm
        and sim.jaccard(mine.tokens, sim.prepare_question(text).tokens) >= min_jaccard
    ]
    return min(hits) if hits else None


@settings(max_examples=300, deadline=None)
@given(OWNED, QUESTION, st.integers(0, 30), st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]))
def test_first_match_equals_comparing_every_pair(owned, question, exclude, min_jaccard):
    index = sim.QuestionIndex(((key, key, text) for key, text in owned), min_jaccard)
    assert index.first_match(sim.prepare_question(question), exclude) == brute_force(
        owned, question, exclude, min_jaccard
    )


def test_the_smallest_other_owner_is_named():
    owned = [(5, "Why is closeness scary?"), (2, "Why is closeness so scary?"), (9, "What is lust?")]
    index = sim.QuestionIndex(((k, f"page-{k}", t) for k, t in owned), 0.8)
    question = sim.prepare_question("why is closeness scary")
    assert index.first_match(question, exclude_key=5) == (2, "page-2")
    assert index.first_match(question, exclude_key=2) == (5, "page-5")
    assert index.first_match(sim.prepare_question("What is love?"), exclude_key=None) is None


def test_a_question_with_too_many_prefix_combinations_is_compared_directly():
    # At threshold 0.5 the 22-token question would need C(14, 3) = 364 index
    # keys at the 12-token probe's level, over the budget: it is kept in the
    # level's direct list instead of being dropped, and still matches
    # (Jaccard 12/22 = 0.55).
    short = " ".join(f"w{n}" for n in range(12))
    long = " ".join(f"w{n}" for n in range(22))
    index = sim.QuestionIndex([(1, "long", long), (2, "other", "w1 w2")], 0.5)
    assert index.first_match(sim.prepare_question(short), exclude_key=None) == (1, "long")
    assert index._level(3)[1] == [0]


def plain_similar(a, b, min_jaccard, min_ratio):
    """The near-duplicate rule without any of the shortcuts (docs/checks.md)."""
    from difflib import SequenceMatcher

    x, y = sim.normalize(a), sim.normalize(b)
    if not x or not y:
        return False
    if x == y or sim.jaccard(frozenset(x.split()), frozenset(y.split())) >= min_jaccard:
        return True
    if len(x) > sim._RATIO_MAX_CHARS or len(y) > sim._RATIO_MAX_CHARS:
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= min_ratio


TYPO_QUESTION = st.text(alphabet=st.sampled_from(list("abcdeé É?!-_ ")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(TYPO_QUESTION, TYPO_QUESTION, st.sampled_from([0.5, 0.8, 1.1]), st.sampled_from([0.3, 0.6, 0.85, 1.0]))
def test_similar_equals_the_plain_rule(a, b, min_jaccard, min_ratio):
    # The character-count bound must never reject a pair difflib would accept.
    assert sim.near_duplicate(a, b, min_jaccard, min_ratio) == plain_similar(a, b, min_jaccard, min_ratio)
