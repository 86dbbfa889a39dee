"""Short forms of English given names: "Beth" and "Elizabeth" are one name to a matcher.

A name may belong to more than one group ("Alex": Alexander and Alexandra). Groups are keyed by
the full form, lower case and without accents (as analysis.names.normalise leaves them).
"""

from functools import cache

_GROUPS: dict[str, tuple[str, ...]] = {
    "abigail": ("abby", "abbie", "gail"),
    "alexander": ("alex", "alexa", "xander", "sandy", "sasha"),
    "alexandra": ("alex", "alexa", "lexi", "lexie", "sandra", "sasha"),
    "alfred": ("alfie", "alf", "fred"),
    "amelia": ("millie", "milly", "amy", "mia"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "ant"),
    "archibald": ("archie",),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": ("cathy", "kate", "katie", "cat", "kath"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("lottie", "charlie", "lotte"),
    "christian": ("chris",),
    "christine": ("chris", "chrissie", "tina"),
    "christopher": ("chris", "kit", "topher"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "deborah": ("debbie", "deb"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "eleanor": ("ellie", "ella", "nell", "nellie", "elle"),
    "elizabeth": ("beth", "liz", "lizzie", "lizzy", "eliza", "betty", "bess", "libby", "elsie"),
    "emily": ("em", "emmy", "millie"),
    "frederick": ("fred", "freddie", "freddy"),
    "gabriel": ("gabe",),
    "gabriella": ("gabby", "ella"),
    "harriet": ("hattie", "harry"),
    "henry": ("harry", "hal", "hank"),
    "isabella": ("bella", "izzy", "isabel", "issy"),
    "isabelle": ("bella", "izzy", "issy"),
    "jacob": ("jake", "jay"),
    "james": ("jamie", "jim", "jimmy", "jem"),
    "jennifer": ("jenny", "jen"),
    "jessica": ("jess", "jessie"),
    "jonathan": ("jon", "jonny", "johnny"),
    "john": ("johnny", "jack", "jon"),
    "joseph": ("joe", "joey", "jo"),
    "josephine": ("josie", "jo"),
    "joshua": ("josh",),
    "katherine": ("kate", "katie", "kath", "kathy", "kitty"),
    "kathryn": ("kate", "katie", "kath"),
    "leonard": ("leo", "len", "lenny"),
    "louisa": ("lou", "lulu"),
    "louise": ("lou", "lulu"),
    "margaret": ("maggie", "meg", "peggy", "madge", "daisy"),
    "matilda": ("tilly", "tilda", "mattie"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mickey", "mick", "mikey"),
    "nathaniel": ("nate", "nathan", "nat"),
    "nicholas": ("nick", "nicky", "nico"),
    "oliver": ("ollie", "olly"),
    "olivia": ("liv", "livvy", "olive", "ollie"),
    "patrick": ("pat", "paddy"),
    "penelope": ("penny", "poppy"),
    "rebecca": ("becky", "becca", "bex"),
    "richard": ("rich", "richie", "rick", "dick"),
    "robert": ("rob", "robbie", "bob", "bobby", "bert"),
    "samantha": ("sam", "sammy"),
    "samuel": ("sam", "sammy"),
    "sophia": ("sophie",),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "susan": ("sue", "susie", "suzy"),
    "theodore": ("theo", "ted", "teddy"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "vikki", "tori", "vic"),
    "william": ("will", "billy", "bill", "liam", "willie"),
    "zachary": ("zach", "zack"),
}

_INDEX: dict[str, frozenset[str]] = {}
for _full, _shorts in _GROUPS.items():
    for _name in (_full, *_shorts):
        _INDEX[_name] = _INDEX.get(_name, frozenset()) | {_full}


@cache
def name_groups(given: str) -> frozenset[str]:
    """The full forms a normalised given name stands for ("beth" -> {"elizabeth"}); empty when
    the name is in no group.

    >>> sorted(name_groups("alex"))
    ['alexander', 'alexandra']
    """
    return _INDEX.get(given, frozenset())


def is_full_form(given: str) -> bool:
    """Is this the full form of a group ("elizabeth"), not a short form ("beth")?"""
    return given in _GROUPS


def same_name_group(a: str, b: str) -> bool:
    """Are two different normalised given names forms of one name?

    >>> same_name_group("beth", "elizabeth"), same_name_group("beth", "bella")
    (True, False)
    """
    return a != b and bool(name_groups(a) & name_groups(b))
