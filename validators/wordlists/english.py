"""English word lists for the passive-voice and transition-word checks.

Written for this project from general knowledge of English grammar (no list
was copied from another project; see docs/licences.md). They aim to agree
with how editors' tools such as Yoast count (docs/checks.md, "Peer
agreement"), not to parse English: a form of "be" or "get" followed in the
same clause by a past participle is passive, adjectives like "tired" included.
"""

from __future__ import annotations

# Forms of "be" and "get" that can carry a passive, contractions included.
AUXILIARIES = frozenset(
    """
    am is are was were be been being get gets got gotten getting
    isn't aren't wasn't weren't i'm you're we're they're
    it's he's she's that's there's what's who's
    """.split()
)

# Past participles that do not end in "-ed". Ambiguous base forms ("cut",
# "set", "hurt") are included: after a form of "be" they are participles.
IRREGULAR_PARTICIPLES = frozenset(
    """
    arisen awoken beaten begun bent bitten bled blown borne born bought bound bred
    broken brought built burnt caught chosen clung crept cut dealt done drawn dreamt
    driven drunk dug eaten fallen fed felt fled flown flung forbidden forecast
    forgiven forgotten forsaken found fought frozen given gone ground grown held
    heard hidden hit hung hurt kept knelt known laid lain leant leapt learnt led
    left lent lit lost made meant met mislaid misled mistaken misunderstood mown
    outgrown overcome overdone overheard overseen overtaken overthrown paid proven
    put quit read rebuilt redone retold rewritten rid ridden risen rung said sawn
    seen sent set sewn shaken shone shorn shot shown shrunk shut slain slept slid
    slit slung smelt sold sought sown sped spelt spent spilt spit split spoilt spoken
    spread sprung spun stolen stood stridden striven struck strung stuck stung stunk
    sung sunk sworn swept swollen swum swung taken taught thought thrown thrust told
    torn trodden undergone understood undertaken undone upheld upset withdrawn
    withheld withstood woken won worn woven wound written wrung
    """.split()
)

# Words ending in "-ed" that are not past participles.
NOT_PARTICIPLES = frozenset(
    """
    bed bred embed red shed shred sled wed ted
    bleed breed creed deed exceed feed greed heed need proceed reed seed speed steed
    succeed tweed weed
    hundred hundreds indeed kindred naked sacred wicked rugged ragged jagged wretched
    beloved biped infrared sled misdeed
    """.split()
)

# Words that end the clause a form of "be" opens: a participle after them
# belongs to another verb ("is afraid that it ended").
CLAUSE_BREAKS = frozenset(
    """
    and but or nor yet for because since although though while whereas unless
    if when whenever where wherever which who whom whose that than until before
    after as once to why how what
    """.split()
)

# Words after which a participle-looking word is a noun or an adjective of a
# noun phrase ("a split", "no fixed order"), not a verb.
DETERMINERS = frozenset(
    """
    a an the no this these those my your his her its our their every each any some
    """.split()
)

# Transition words and phrases: each links a sentence to what came before.
# Multi-word entries are matched as whole phrases.
TRANSITIONS = frozenset(
    """
    accordingly additionally afterwards afterward also alternatively although
    altogether anyway because before besides but consequently conversely
    correspondingly despite during earlier especially eventually finally firstly
    further furthermore hence however if importantly initially instead lastly
    later likewise meanwhile moreover namely nevertheless nonetheless notably
    otherwise overall particularly previously secondly similarly since so
    specifically still subsequently than then thereafter therefore thirdly though
    thus ultimately unless unlike until when whenever whereas whether while yet
    """.split()
) | frozenset(
    [
        "above all",
        "after all",
        "after that",
        "all in all",
        "along with",
        "as a result",
        "as long as",
        "as soon as",
        "as well as",
        "at first",
        "at last",
        "at the same time",
        "because of",
        "by contrast",
        "by the same token",
        "due to",
        "even if",
        "even so",
        "even though",
        "for example",
        "for instance",
        "for this reason",
        "in addition",
        "in any case",
        "in brief",
        "in conclusion",
        "in contrast",
        "in fact",
        "in other words",
        "in particular",
        "in short",
        "in summary",
        "in the end",
        "in the meantime",
        "in turn",
        "instead of",
        "more importantly",
        "most importantly",
        "not only",
        "of course",
        "on the contrary",
        "on the other hand",
        "on top of that",
        "rather than",
        "so that",
        "such as",
        "that is why",
        "to begin with",
        "to sum up",
        "what is more",
        "with this in mind",
        "as a consequence",
        "in the same way",
        "in spite of",
        "first of all",
        "different from",
        "compared with",
        "at least",
        "in detail",
        "even more",
    ]
)
