"""Who is who in a report: persons and their titles, institutions and their nations, a speaker's canonical name.

``attribution`` finds who speaks; this module names them as a reader would. A
person named with a title is remembered with it ("Ukrainian Defence Minister
Oleksii Reznikov"), so a pronoun goes to the last person of that gender and "the
minister" or "the Lithuanian leader" to the last person in that role. A surname
is given the full name the report uses, a bare title its holder, a ministry its
country ("its defence ministry" the country last named), another nation's body
its own nation, and a nation's officials their government.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


TITLED_PERSON = re.compile(r"\b(?:President|Prime Minister|Minister|Secretary|Chancellor|spokesman|spokeswoman|spokesperson|"
                           r"Spokesman|Spokeswoman|Spokesperson|General|Gen\.|Colonel|Col\.|Ambassador|Chief|Commander|Head|"
                           r"leader|dictator|counterpart|colleague|chief|head|representative|spokesperson|envoy|aide|adviser|advisor|deputy|"
                           r"minister|president|general|secretary|commander|ambassador|Mr\.?|Ms\.?|Mrs\.?),?\s+"
                           r"(?:of (?:the )?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*,\s+|of (?:the )?[A-Z][\w-]+\s+|for [A-Z][\w-]+\s+)?"
                           r"(?:(?:Lieutenant|Major|Colonel|General|Gen\.|Lt\.?|Maj\.?|Col\.?|Admiral|Rear|Vice|Army)\s+)*"  # ranks before the name
                           r"(?P<name>[A-Z][a-z\w’'-]+(?:\s+[A-Z][a-z\w’'-]+){0,2})")


# "The official representative of the Russian Defense Ministry Igor Konashenkov": the last two words are the name.
_TITLED_OF_BODY = re.compile(r"\b(?:representative|spokes(?:man|woman|person)|head|[Cc]hief|[Mm]inister|deputy)\s+of\s+(?:the\s+)?"
                             r"(?:[A-Z][\w-]+\s+){1,4}(?P<name>[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)\b")


# Given names that say a person is a woman, for "she" and "her"; Slavic surnames say it by their ending.
_FEMALE_GIVEN = frozenset("""Liz Elizabeth Jen Jennifer Ursula Annalena Kamala Victoria Linda Wendy Maria Svetlana Sviatlana Hanna
    Anna Olha Olga Iryna Irina Kaja Ingrida Angela Theresa Hillary Nancy Madeleine Marine Kristina Christine Julia Yulia Tatiana
    Tatyana Natalia Natalya Valentina Elena Yelena Helena Lyudmila Oksana Olena Veronika Karin Mette Sanna Jacinda Margaret Mary
    Catherine Kate Sarah Susan Karen Laura Emily Samantha Nikki Condoleezza Federica Ylva Agnes Ivanna Alina Daria Darya""".split())


_FEMALE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|aya|ska|skaya|ckaya)$")


# Every title TITLED_PERSON knows, lower-cased: a sentence with none of them names no titled person.
_TITLE_WORDS = ("president", "minister", "secretary", "chancellor", "spokes", "general", "gen.", "colonel", "col.", "ambassador",
                "chief", "commander", "head", "leader", "dictator", "counterpart", "colleague", "representative", "envoy", "aide",
                "advis", "deputy")


_TITLE_HINT = re.compile("|".join(re.escape(word) for word in _TITLE_WORDS))


class People:
    """Persons named so far, in order, each with whether the text marks her as a woman (for "she", "her")."""

    def __init__(self) -> None:
        self.named: list[tuple[str, bool]] = []
        self.titles: dict[str, str] = {}  # each person's titles as the report gives them, lower-cased, with their nation

    @property
    def last(self) -> str | None:
        return self.named[-1][0] if self.named else None

    def read(self, sentence: str) -> bool:
        """Note the persons the sentence names; whether it named any."""
        lowered = sentence.lower()
        titled = "Mr" in sentence or "Ms" in sentence or _TITLE_HINT.search(lowered) is not None
        matches = list(TITLED_PERSON.finditer(sentence)) if titled else []
        if " of " in sentence:
            matches += _TITLED_OF_BODY.finditer(sentence)
        for apposed in _APPOSED_TITLE.finditer(sentence) if ", " in sentence else ():
            self.titles[apposed.group("name")] = self.titles.get(apposed.group("name"), "") + " " + apposed.group("title").lower()
        matches.sort(key=lambda match: match.start("name"))
        for match in matches:
            name = match.group("name")
            title = match.group(0)[: match.start("name") - match.start()].strip()
            if NOT_PERSON_WORD.search(name) or (len(name.split()) == 1 and not re.match(r"M(?:r|s|rs)\b", title)):
                continue
            female = (title.startswith(("Ms", "Mrs", "spokeswoman", "Spokeswoman")) or name.split()[0] in _FEMALE_GIVEN
                      or bool(_FEMALE_SURNAME.search(name.split()[-1])))
            female = female or any(n == name and f for n, f in self.named)
            after = sentence[match.end(): match.end() + 60]
            if re.match(r",?\s+(?:\w+\s+){0,3}her\b", after):
                female = True  # "Liz Truss, met with her Russian colleague"
            if name.split()[-1] == name and self.named:
                name = next((n for n, _ in reversed(self.named) if n.split()[-1] == name), name)  # "Mr. Lukashenko"
            self.named.append((name, female))
            described = sentence[max(0, match.start() - 40) : match.start("name")].lower()  # "ukrainian defence minister"
            self.titles[name] = self.titles.get(name, "") + " " + described
        return bool(matches)

    @staticmethod
    def before(position: int, sentence: str) -> str | None:
        """The person a relative clause hangs on: the last name or titled name before it in the sentence."""
        names = [m.group("name") for m in TITLED_PERSON.finditer(sentence[:position])]
        names += [m.group(0) for m in re.finditer(r"\b[A-Z][a-z’'-]+ [A-Z][a-z’'-]+(?=,?\s*$)", sentence[:position])]
        names += [m.group(1) for m in re.finditer(r"\b([A-Z][\w’'.-]+),?\s*$", sentence[:position])]  # "Moscow, which maintains …"
        return names[-1] if names else None

    def by_role(self, description: str, last_speaker: str | None = None) -> str | None:
        """"the minister", "the Lithuanian leader", "Ukraine's top diplomat": the last speaker if the role is theirs,
        else the last person named with that role (and that nation, if the description gives one); for a bare role
        that fits no one, the last speaker."""
        words = re.findall(r"[a-z]+", description.lower())
        if not words:
            return None
        roles = _ROLE_WORDS.get(words[-1], (words[-1],))
        nations = [word[:5] for word in words[:-1] if word[:5] in _NATION_STEMS]

        def fits(name: str) -> bool:
            titles = self.titles.get(name, "")
            return any(role in titles for role in roles) and all(nation in titles for nation in nations)

        if last_speaker and fits(last_speaker):
            return last_speaker  # "According to the minister": the minister who has been speaking
        fitting = [name for name, _ in reversed(self.named) if fits(name)]
        if fitting:
            return fitting[0]
        if nations:
            return None
        return last_speaker or (self.last if len(self.named) == 1 else None)

    def resolve(self, pronoun: str, last_speaker: str | None) -> str | None:
        """"she": the last speaker if a woman, else the last woman named; "he": the last speaker, else the last man named."""
        want_female = pronoun.lower() in ("she", "her")
        female = dict(self.named)
        if last_speaker and female.get(last_speaker, False) == want_female:
            return last_speaker
        for name, is_female in reversed(self.named):
            if is_female == want_female:
                return name
        return last_speaker


_APPOSED_TITLE = re.compile(r"(?P<name>[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,2}), (?:the |a |an )?(?P<title>(?:[A-Za-z’'-]+ ){0,6}?"
                            r"(?:[Mm]inister|[Pp]resident|[Gg]eneral|[Cc]hief|[Hh]ead|[Ss]pokes\w+|[Ss]ecretary|[Cc]ommander|[Aa]mbassador|[Ll]eader)"
                            r"(?: of (?:the )?[A-Z][\w’'-]*(?: (?:of )?(?:the )?[A-Z][\w’'-]*)*)?)")


# A role as reports name it again, and the titles that hold it.
_ROLE_WORDS = {"leader": ("president", "leader", "dictator", "strongman", "prime minister", "chancellor"),
               "diplomat": ("foreign minister", "foreign secretary", "secretary of state", "diplomat"),
               "chief": ("chief", "head", "secretary general", "secretary-general"),
               "head": ("head", "chief"),
               "general": ("general", "gen.", "gen ", "commander", "chief of"),
               "president": ("president",), "premier": ("prime minister", "premier"),
               "spokesman": ("spokes", "press secretary"), "spokeswoman": ("spokes", "press secretary"),
               "spokesperson": ("spokes", "press secretary")}


_NATION_STEMS = {"russi", "belar", "ukrai", "lithu", "polis", "latvi", "eston", "ameri", "briti", "frenc", "germa", "natos", "nato"}


ROLE = re.compile(r"^(?:the\s+|[A-Z][\w]+['’]s?\s+)?(?:(?:[A-Z][a-z]+|top|senior|chief|former|alliance|military|defen[cs]e|foreign|"
                  r"prime|deputy|vice|[a-z]+ian)\s+){0,3}(?:minister|general|leader|chief|diplomat|president|premier|envoy|ambassador|"
                  r"commander|secretary|spokes(?:man|woman|person)|head)$", _I)


NOT_PERSON_WORD = re.compile(r"\b(?:Ministry|Defen[cs]e|Foreign|Affairs|Staff|Forces|Military|District|State|Union|Republic|"
                             r"Federation|Kingdom|States|Office|Council|Service|Guard|Agency|Directorate|Committee|Department|Army|"
                             r"Navy|Command|Belarus|Russia|Ukraine|NATO|Nato)\b")


SUBJECT_SKIP = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                "December", "It", "This", "That", "There", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Yesterday", "Today",
                "Both", "Either", "Neither", "However", "But", "And", "Also", "Meanwhile", "Earlier", "Later", "The", "In", "On", "Still", "Yet", "Then", "Now"}


INSTITUTION = re.compile(r"\b(?:ministry|minister|ministries|press service|spokes(?:man|woman|person)|secretary general|"
                          r"general staff|government|authorities|presidential|administration|intelligence|office|"
                          r"border guards?|armed forces|military|command|embassy|embassies|MoD)\b", _I)


NATIONALITY = re.compile(r"\b(?:(?P<adj>Russian|Belarusian|Belarussian|Ukrainian)|(?P<country>Russia|Belarus|Ukraine)(?:['’]s?)?)\b")


_COUNTRY_NOUN = re.compile(r"\b(?P<country>Russia|Belarus|Ukraine)\b(?P<adj>)")


# Other governments' bodies keep their own nation: "the Lithuanian foreign ministry", "Britain's defence ministry".
_FOREIGN_NATIONS = {"British": "British", "Britain": "British", "UK": "British", "U.K.": "British", "Lithuanian": "Lithuanian",
                    "Lithuania": "Lithuanian", "Polish": "Polish", "Poland": "Polish", "Latvian": "Latvian", "Latvia": "Latvian",
                    "Estonian": "Estonian", "Estonia": "Estonian", "French": "French", "France": "French", "German": "German",
                    "Germany": "German", "U.S.": "U.S.", "US": "U.S.", "American": "U.S.", "Moldovan": "Moldovan", "Moldova": "Moldovan"}


_FOREIGN_NATIONALITY = re.compile(r"(?<![\w.])(?P<nation>" + "|".join(re.escape(n) for n in sorted(_FOREIGN_NATIONS, key=len, reverse=True))
                                  + r")(?:['’]s?)?(?![\w.]*\w)")


NATION_OFFICIALS = re.compile(r"^(?:(?:[Aa]|[Aa]n|[Tt]he|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal)\s+)?(?:(?:senior|top|high-ranking|unnamed)\s+)?"
                              r"(?:Russian|Belarusian|Ukrainian|British|UK|U\.S\.|US|American|Lithuanian|Polish|Latvian|Estonian|French|German|"
                              r"NATO|Nato|EU|Pentagon|Kremlin|White House|State Department)"
                              r"\s+(?:(?:defen[cs]e|military|intelligence|government|administration|security)\s+)?officials?$")


_BODY_OF_OFFICIALS = re.compile(r"\b(?:NATO|Nato|EU|Pentagon|Kremlin|White House|State Department)\b")


_NATION_OFFICIALS_WORD = re.compile(r"\bofficials?\b", _I)


NATIONS = {"Russian": "Russian", "Russia": "Russian", "Belarusian": "Belarusian", "Belarussian": "Belarusian",
           "Belarus": "Belarusian", "Ukrainian": "Ukrainian", "Ukraine": "Ukrainian"}


_TITLES = {"Gen", "Gen.", "General", "President", "Minister", "Prime", "Foreign", "Defence", "Defense", "Secretary",
           "Colonel", "Col.", "Lt", "Lt.", "Major", "Chancellor", "Ambassador", "Mr", "Mr.", "Ms", "Ms.", "Belarusian",
           "Russian", "Ukrainian", "US", "U.S.", "UK", "British", "French", "German", "NATO", "Nato", "dictator", "leader"}


_TITLE_NOUNS = {"Chief", "Head", "Leader", "President", "Minister", "Secretary", "Spokesman", "Spokeswoman", "Spokesperson",
                "Commander", "Envoy", "Ambassador", "General", "Official", "Officials"}


def report_nation(text: str) -> str | None:
    near_ministry = re.search(r"\b(Russian|Belarusian|Ukrainian|Russia|Belarus|Ukraine)(?:['’]s?)?\s+(?:Defen[cs]e\s+)?[Mm]inistry", text)
    found = near_ministry or NATIONALITY.search(text)
    if not found:
        return None
    return NATIONS[found.group(1) if near_ministry else (found.group("adj") or found.group("country"))]


def is_person(actor: str) -> bool:
    words = actor.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not INSTITUTION.search(actor) \
        and not NATIONALITY.fullmatch(words[0])


_INSTITUTION_NAMES = (
    (re.compile(r"defen[cs]e ministr|ministry of defen[cs]e|ministries of defen[cs]e|\bMoD\b", _I), "{} Ministry of Defence"),
    (re.compile(r"defen[cs]e minister", _I), "{} defence minister"),
    (re.compile(r"foreign ministry|ministry of foreign affairs", _I), "{} Foreign Ministry"),
    (re.compile(r"\b(?:government|authorities|officials?)\b", _I), "{} government"),
)


def canonical(actor: str | None, sentence: str, nation: str | None, last_institution: str | None = None,
               text: str = "", surnames: "Surnames | None" = None) -> str | None:
    """A speaker as a reader would name it: titles dropped from a person, an institution given its country."""
    if not actor:
        return actor
    actor = MIDDLE_INITIAL.sub(r"\1 \2", actor)  # "Stephen A. Wood": Stephen Wood
    words = actor.split()
    # "the head of the Belarusian Defense Ministry Viktor Khrenin": the person who speaks, not the ministry.
    person = re.search(r"(?:^|\s)([A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)$", actor)
    if (person and len(words) > 2 and not INSTITUTION.search(person.group(1)) and not NATIONALITY.search(person.group(1))
            and not NOT_PERSON_WORD.search(person.group(1))
            and words[-3].lower() not in ("and", "of", "for", "the")):
        return person.group(1)
    institution = INSTITUTION.search(actor)
    # "Gen Viktor Khrenin", "Belarusian dictator Alexander Lukashenko": the person's name.
    if not institution and len(words) >= 3 and all(w[:1].isupper() for w in words[-2:]) and any(w in _TITLES for w in words[:-2]):
        return " ".join(words[-2:])
    holder = title_holder(actor, text)
    if holder:
        return holder
    if (len(words) == 2 and words[0] in _TITLES and words[1][:1].isupper() and not INSTITUTION.search(words[1])
            and words[1] not in _TITLE_NOUNS):  # "NATO Chief" is a title, not a surname
        words, actor, institution = words[1:], words[1], None  # "Minister Khrenin", "President Putin": the surname, then the full name
    if len(words) == 1 and not institution:
        return _full_name(actor, surnames or Surnames(text))
    for pattern, form in _INSTITUTION_NAMES:
        if pattern.search(actor):
            own = NATIONALITY.search(actor)
            foreign = not own and _FOREIGN_NATIONALITY.search(actor)
            if foreign:
                return form.format(_FOREIGN_NATIONS[foreign.group("nation")])
            if not own and _NATION_OFFICIALS_WORD.search(actor):
                body = _BODY_OF_OFFICIALS.search(actor)
                return body.group(0) if body else actor  # "a NATO official" speaks for NATO; "Western officials" for no one nation
            if not own and last_institution and pattern.search(last_institution):
                return last_institution  # "the ministry said" again: the one named before
            # "Russian troops will stay in Belarus, its defence ministry said": "its" is the last country named before it
            its = re.match(r"^its\s", actor, _I) and [m for m in _COUNTRY_NOUN.finditer(sentence) if m.start() < sentence.find(actor)]
            found = own or (its[-1] if its else None) or NATIONALITY.search(sentence)
            country = NATIONS[(found.group("adj") or found.group("country"))] if found else nation
            return form.format(country) if country else actor
    return actor


BARE_TITLE = re.compile(r"^(?:the\s+)?(?:(?P<nation>Russian|Belarusian|Belarussian|Ukrainian|Russia|Belarus|Ukraine|British|French|"
                        r"German|Polish|Lithuanian|U\.?S\.?|UK)(?:['’]s?)?\s+)?(?P<title>(?:defen[cs]e|foreign|prime|interior) minister|"
                        r"president|leader|(?:foreign )?secretary|spokes(?:man|woman|person))$", _I)


_RANKS = r"(?:(?:Gen|General|Lt|Col|Colonel|Major|Dr|Mr|Ms|Mrs)\.?\s+)?"


def title_holder(actor: str, text: str) -> str | None:
    """"Defence minister says", "the Belarusian defence minister said": the holder the report names, if it names one."""
    bare = BARE_TITLE.match(actor)
    if not bare or not text:
        return None
    title = r"\s+".join(re.escape(w) for w in bare.group("title").split())
    named = rf"(?i:{title})(?:\s+of\s+(?:the\s+)?[A-Z]\w+)?,?\s+{_RANKS}(?P<name>[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)\b"
    if bare.group("nation"):
        nation = re.escape(bare.group("nation")[:5])  # "Belar…" finds Belarus, Belarusian and Belarus's
        holders = {m.group("name") for m in re.finditer(rf"(?i:{nation})[\w.]*(?:['’]s?)?\s+{named}", text)}
    else:
        holders = {m.group("name") for m in re.finditer(named, text)}
    return holders.pop() if len(holders) == 1 else None


_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z’'-]+\b")


class Surnames:
    """Each capitalised word the report puts after a given name ("Jen Psaki"), with the full names it appears in;
    read from the text on the first question only, since most reports never need it."""

    def __init__(self, text: str) -> None:
        self.text, self.found = text, None

    def get(self, surname: str) -> set[str]:
        if self.found is None:
            self.found = {}
            previous = None
            for match in _CAPITALISED_WORD.finditer(self.text):
                given = previous.group(0) if previous is not None and previous.end() + 1 == match.start() else None
                last = match.group(0)
                if (given and len(last) > 2 and given not in _TITLES and given not in SUBJECT_SKIP
                        and not NATIONALITY.fullmatch(given) and self.text[match.start() - 1] == " "):
                    self.found.setdefault(last, set()).add(f"{given} {last}")
                previous = match
        return self.found.get(surname, set())


def _full_name(actor: str, surnames: Surnames) -> str:
    """"Psaki told reporters": the full name the report gives the person somewhere ("Jen Psaki"), if just one."""
    if not re.fullmatch(r"[A-Z][a-z’'-]{2,}", actor) or NATIONALITY.fullmatch(actor):
        return actor
    names = surnames.get(actor)
    return next(iter(names)) if len(names) == 1 else actor


MIDDLE_INITIAL = re.compile(r"\b([A-Z][a-z’'-]+)\s+[A-Z]\.\s+([A-Z][a-z’'-]+)$")
