"""Who says it: the speaker of a sentence, named the way a reader would name them.

Attribution as reports write it: "X said", "according to X", "…, said X",
"X told reporters", "as X explained", "X was quoted as saying", a headline's
"X: …" or "X Says …". A pronoun is the last person named of that gender, "the
ministry" the last ministry; a quotation of several sentences belongs to the
speaker named where it closes; an outlet that reports someone's words yields to
that someone. Names are then made canonical: titles dropped from a person, a
surname given the full name the report uses, a ministry given its country, a
bare title ("Defence minister says") given the holder the report names. The
outlet's own voice and hedged or passive statements have no speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data.sentences import Sentence
from .lowercase import by_first_letter, lowercase_pattern

_I = re.IGNORECASE
# A run of capitalised words that "of" or "the" may join: "Ministry of Defense of Belarus".
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*"


_HEDGED = lowercase_pattern(r"\b(?:are|is|were|was) (?:estimated|believed|thought|expected|reported|said)\b|\bthere (?:are|were|is) "
                     r"(?:concerns|fears|worries)|\breportedly\b")


_ACTOR = (r"(?:the\s+)?(?:[A-Z][\w’'.-]*|of|and|the|for|de|von)(?:\s+(?:[A-Z][\w’'.-]*|of|and|the|for|de|von))*"
          r"|(?:the\s+)?(?:ministry|kremlin|pentagon|white house|military|government|spokesperson|spokesman|spokeswoman|"
          r"official|officials|he|she|him|her|they|them|it)")
# "states" is no verb in "the Baltic states", "member states", "the United States" (checked after "states" is read,
# so the checks cost nothing where no "states" is).
_STATES_NOUN = "".join(f"(?<!{word} states)" for word in ("Baltic", "baltic", "United", "member", "Gulf", "Arab", "nuclear", "European", "neighbouring",
                                                    "neighboring", "allied", "frontline", "NATO", "the", "three", "other", "Western",
                                                    "western", "Nordic", "Balkan", "post-Soviet", "several", "many", "some", "all"))
SAID_VERBS = (r"said|says|say|told reporters|told|stated|states" + _STATES_NOUN + r"|announced|announces|claimed|claims|claim|denied|denies|deny|"
               r"warned|warns|warn|insisted|insists|added(?!\s+to\b)|reported|reports|noted|notes|stressed|emphasi[sz]ed|explained|"
               r"accused|believes|argued|wrote|confirmed|confirms|declared|informed|promised|promises|assured|assures|"
               r"pledged|pledges|vowed|vows|guaranteed|threatened|threatens|suggested|suggests|estimated|estimates|"
               r"called|calls|described|describes|dubbed|reiterated|reiterates|underlined|underscored|asserted|asserts|maintained|"
               r"maintains|acknowledged|admitted|alleged|alleges|repeated|clarified|specified|indicated|believe|think|thinks|"
               r"expect|expects|tweeted|posted|made it clear|made clear|makes it clear|emphasi[sz]es?|emphasi[sz]e|stresses|insist|"
               r"doubts|doubted|questions|questioned|recalled|recalls|reminded|pointed out|points out|played down|plays down|play down|downplayed|downplays|urged|urges|cited(?!\s+by\b)|cites|pointed to|points to|blamed|blames|rejected|rejects|dismissed|dismisses|denounced|condemned|critici[sz]ed|slammed|"
               r"sees|views|regards|viewed|regarded|(?:\w+ly\s+)?(?:rejected|dismissed|denied)|voic(?:ed|ing|es)|express(?:ed|ing|es)|(?:raised|sounded) (?:the alarm|concerns?|fears)|found|concluded")
SAID_VERBS = by_first_letter(SAID_VERBS)  # the same verbs, grouped: most positions fail at their first letter
_ACCORDING_TO = re.compile(
    r"\b(?i:according to) (?:(?:a|the|an|two|three|several|some|senior|unnamed)\s+)*(?:(?:statement|report|data|estimates?|figures|sources?|assessment)\s+(?:from|by|of|in)\s+)?"
    rf"(?P<actor>(?:the\s+)?(?:{_NAME}(?:\s+[a-z][\w-]*){{0,3}}"
    r"|him|her|them|he|she|they|it|the\s+(?:[a-z]+\s+){0,2}(?:general|minister|president|spokes(?:man|woman|person)|leader|chief|"
    r"ambassador|commander|diplomat|agency|ministry|directorate|department|service|outlet|newspaper|publication|"
    r"website|channel|broadcaster|report|study)))(?=[,.;:]|\s*$|\s+[-–—]\s|\s+(?:the|a|an|some|about|more|during|in|on|at|familiar|who|with|speaking)\b)")
# "…, called Allied Resolve, …" names the drills: a naming verb after a comma introduces no speaker.
_NAMING = r"(?!called\b|calls\b|described\b|describes\b|dubbed\b)"
_SAID_BY = re.compile(rf"(?:[,”\"»]\s*){_NAMING}(?:{SAID_VERBS})\s+(?P<actor>{_ACTOR})")  # "…,” said X …"
# "… – as Belarusian Defense Minister Viktor Khrenin explained, …": the speaker named mid-sentence.
_AS_SAID = re.compile(rf"(?:^|[\s,(])[Aa]s (?P<actor>(?:the\s+)?(?:[a-z]+\s+){{0,2}}{_NAME}"
                      rf"|the (?:ministry|military|minister|spokes(?:man|woman|person))|he|she|they),?\s+(?:has |had )?(?:{SAID_VERBS}|put it)\b")
_DOCUMENT_OF = re.compile(r"['’]s?\s+(?:satellite\s+)?(?:images|imagery|photos|data|analysis|estimates?|figures|report|assessment|"
                          r"statement|findings|sources)$")
_WITH_SAYING = re.compile(r"^With\s+(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:for\s+|of\s+|and\s+)?[A-Z][\w’'.-]*)*)\s+"
                          r"(?:warning|saying|claiming|reporting|insisting|estimating|announcing)\b")
_IN_HIS_VIEW = re.compile(r"^(?:In|By|To) (?P<whose>his|her|their) (?:view|opinion|words|estimation|assessment|mind)\b")
_AS_EVENT = re.compile(r'(?!\s*(?:[,.;:!?)”"»—–-]|$))')  # "… as West warns of invasion": the verb goes on, so it is an event
_BY_ACTOR = re.compile(r"\b(?:by|from) (?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s*[.!?]?$")  # "… dubbed … by France."
PERSONAL_PRONOUN = re.compile(r"^(?:he|she|him|her)$", _I)
PRONOUN = re.compile(r"^(?:the\s+|a\s+|an\s+)?(?:he|she|him|her|they|them|it|minister|(?:(?:ministry|kremlin|military|defen[cs]e)\s+)?"
                     r"(?:ministry|military|spokesperson|spokesman|spokeswoman|official|officials|representative|agency|intelligence agency|"
                     r"directorate|department|service|outlet|newspaper|publication|website|channel|broadcaster))$", _I)
_NOT_ACTOR = re.compile(r"^(?:the\s+)?(?:it|this|that|which|there|these|those|(?:[\w’'-]+\s+){0,3}(?:drills?|exercises?|manoeuvres|maneuvers|"
                        r"troops|forces|deployment|statement|announcement|move|decision|images?|reports?))$", _I)


_OPENING_QUOTES, _CLOSING_QUOTES = "“«", "”»"
_BULLETS = "•▪◦·*–— "


def _quote_balance(text: str) -> int:
    """Quotation marks opened and not closed in the text (curly and guillemets; straight ones by parity)."""
    balance = sum(text.count(c) for c in _OPENING_QUOTES) - sum(text.count(c) for c in _CLOSING_QUOTES)
    return balance + text.count('"') % 2


_ATTRIBUTION_LINE = re.compile(r"^(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}),\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}?"
                               r"(?:spokes(?:man|woman|person)|minister|head|chief|president|secretary|representative|commander|"
                               r"ambassador|director|adviser|advisor)\b[^.!?“”\"]*$")


def card_speakers(sentences: list[Sentence], text: str) -> dict[int, str]:
    """A quote card: the paragraph just above a line that is only "Name, title" is that person's."""
    speakers: dict[int, str] = {}
    for position, sentence in enumerate(sentences):
        card = _ATTRIBUTION_LINE.match(sentence.text) if ", " in sentence.text and position else None
        if not card or text[sentences[position - 1].end : sentence.start].count("\n") != 1:
            continue
        earlier = position - 1
        while earlier >= 0:
            speakers[sentences[earlier].index] = card.group("name")
            if earlier == 0 or "\n\n" in text[sentences[earlier - 1].end : sentences[earlier].start]:
                break
            earlier -= 1
    return speakers


def quotation_speakers(sentences: list[Sentence]) -> dict[int, str]:
    """A quotation of several sentences ends '…,” he added.': that speaker said every sentence of it."""
    speakers: dict[int, str] = {}
    run: list[int] = []
    for sentence in sentences:
        if not run and sentence.text.lstrip(_BULLETS)[:1] in _OPENING_QUOTES + '"' and _quote_balance(sentence.text) > 0:
            run = [sentence.index]
            continue
        if run:
            run.append(sentence.index)
            if _quote_balance(sentence.text) < 0 or (sentence.text.count('"') % 2 and '"' in sentences[run[0]].text.lstrip(_BULLETS)[:1]):
                closing = max(sentence.text.rfind(c) for c in _CLOSING_QUOTES + '"')
                named = speaker(sentence.text[closing:]) if closing >= 0 else None
                if named:
                    speakers.update({index: named for index in run})
                run = []
            elif len(run) > 12:
                run = []  # an unbalanced mark, not a quotation
    return speakers


_TITLED_PERSON = re.compile(r"\b(?:President|Prime Minister|Minister|Secretary|Chancellor|spokesman|spokeswoman|spokesperson|"
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


# Every title _TITLED_PERSON knows, lower-cased: a sentence with none of them names no titled person.
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
        matches = list(_TITLED_PERSON.finditer(sentence)) if titled else []
        if " of " in sentence:
            matches += _TITLED_OF_BODY.finditer(sentence)
        for apposed in _APPOSED_TITLE.finditer(sentence) if ", " in sentence else ():
            self.titles[apposed.group("name")] = self.titles.get(apposed.group("name"), "") + " " + apposed.group("title").lower()
        matches.sort(key=lambda match: match.start("name"))
        for match in matches:
            name = match.group("name")
            title = match.group(0)[: match.start("name") - match.start()].strip()
            if _NOT_PERSON_WORD.search(name) or (len(name.split()) == 1 and not re.match(r"M(?:r|s|rs)\b", title)):
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
        names = [m.group("name") for m in _TITLED_PERSON.finditer(sentence[:position])]
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
_NOT_PERSON_WORD = re.compile(r"\b(?:Ministry|Defen[cs]e|Foreign|Affairs|Staff|Forces|Military|District|State|Union|Republic|"
                              r"Federation|Kingdom|States|Office|Council|Service|Guard|Agency|Directorate|Committee|Department|Army|"
                              r"Navy|Command|Belarus|Russia|Ukraine|NATO|Nato)\b")
# A comma between digits ("100,000") separates thousands, not clauses.


# "X said", "X has repeatedly denied": each verb of speech, then its subject, the words back to the last comma, colon,
# quotation mark or bracket (at most 90 characters), less the auxiliaries between. Found from the verb backwards,
# which is several times faster than a pattern that tries every position as a subject's start.
_SPEECH_VERB = re.compile(rf"\b(?:{SAID_VERBS})\b")
_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|its|their|his|her|our)$", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|being|been)\s+$")
_AUXILIARIES = ("has", "had", "have", "been", "also", "again", "repeatedly", "consistently", "previously", "reportedly",
                "officially", "publicly", "firmly", "long", "for months", "for weeks")
_AUXILIARY_TAIL = re.compile("(?<!\\S)(?:(?:" + "|".join(re.escape(word) for word in _AUXILIARIES) + ") )+$")
_SUBJECT_DELIMITERS = ',;:“”"(«»'


@dataclass
class _SubjectVerb:
    subject: str
    subject_start: int
    start: int  # where the subject's delimiter is, or 0
    end: int  # the verb's end
    verb: str
    embedded: bool = False  # "naval drills that Ukraine says will …": a speaker of that relative clause only


_TIME_AT_END = re.compile(r"\s+(?:last|this|on|earlier|later)\s+(?:week|month|year|weekend|Monday|Tuesday|Wednesday|Thursday|Friday|"
                          r"Saturday|Sunday|night|morning|evening)$|\s+(?:yesterday|today|earlier|recently|previously|separately)$")
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z.]{1,9}\)")


def _inside_quotes(sentence: str, position: int) -> bool:
    """Between a quotation's marks within the sentence (a quotation that began in an earlier sentence is not
    known to be open here, so its closing words may still hold the attribution)."""
    before, after = sentence[:position], sentence[position:]
    opened = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return (opened > 0 and ("”" in after or "»" in after)) or (before.count('"') % 2 == 1 and '"' in after)


def _subject_verbs(sentence: str):
    quoted = "“" in sentence or "«" in sentence or '"' in sentence
    for verb in _SPEECH_VERB.finditer(sentence):
        end = verb.start()
        if quoted and _inside_quotes(sentence, end):
            continue  # "«Minister Khrenin assured me …,» Reznikov said": a verb inside the quotation is the quoted words
        if not verb.group(0).endswith("ing") and _PASSIVE_BEFORE.search(sentence, max(0, end - 12), end):
            continue  # "what's being called", "was announced": no subject speaks
        auxiliaries = _AUXILIARY_TAIL.search(sentence, max(0, end - 90), end)  # "has repeatedly said": back to the subject
        if auxiliaries:
            end = auxiliaries.start()
        body_end = end
        while body_end > 0 and sentence[body_end - 1].isspace():
            body_end -= 1
        if _DETERMINER_BEFORE.search(sentence, max(0, body_end - 6), body_end):
            continue  # "after the officially announced end date": an adjective, not a verb of speech
        if body_end > 0 and sentence[body_end - 1] == ")":
            opening = sentence.rfind("(", 0, body_end)
            if 0 <= opening and body_end - opening <= 12:  # "… Defence Ministry (HUR) reported": the acronym is no delimiter
                body_end = opening
                while body_end > 0 and sentence[body_end - 1].isspace():
                    body_end -= 1
        if body_end == end:
            continue  # no space before the verb: part of another word or of a quotation
        if body_end > 0 and sentence[body_end - 1] == ",":
            body_end -= 1
            while body_end > 0 and sentence[body_end - 1].isspace():
                body_end -= 1
        cut = max(sentence.rfind(mark, 0, body_end) for mark in _SUBJECT_DELIMITERS)
        start = cut + 1
        joint = max(sentence.rfind(word, start, body_end) for word in (" while ", " whereas ", " but ", " and then "))
        if joint >= 0:
            start = sentence.index(" ", joint + 1) + 1  # "… its own exercises while President Zelensky denounced": Zelensky's clause
        embedded = False
        for word in (" that ", " as ", " when ", " after ", " because "):
            relative = sentence.rfind(word, max(start - 1, 0), body_end)
            if (relative >= 0 and sentence[relative + len(word) : relative + len(word) + 1].isupper()
                    and sentence.count(" ", cut + 1, relative) >= 3):  # not "It comes as NATO says …": NATO says it all
                # "naval drills that Ukraine says will …", "… the drills as Zelensky said he …": that clause's own speaker
                start, embedded = relative + len(word), True
        while start < body_end and sentence[start].isspace():
            start += 1
        subject = _TIME_AT_END.sub("", sentence[start:body_end])  # "Jens Stoltenberg last week said"
        if ")" in subject:
            subject = _ACRONYM.sub("", subject)  # "the Main Intelligence Directorate of Ukraine's Defence Ministry (HUR)"
        if 1 <= len(subject) <= 90 and ")" not in subject:
            yield _SubjectVerb(subject, start, max(cut, 0), verb.end(), verb.group(0), embedded)


_PROPER = re.compile(r"(?:[A-Z][\w’'.-]*)(?:\s+(?:(?:of|for|the|and|de)\s+)?[A-Z][\w’'.-]*)*")
_OFFICIALS_OF = re.compile(r"^(?:(?:senior|top|western)\s+)?(?:officials|authorities|sources)\s+in\s+(?P<place>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)?)$", _I)
_ASIDE = re.compile(r",\s+(?:however|though|too|also|in turn|meanwhile|for (?:its|their|his|her) part|on the other hand|in contrast|"
                    r"by contrast|instead),", _I)
_ASIDE_LOWER = lowercase_pattern(_ASIDE.pattern)
_GROUP_FEARS = re.compile(r"^(?:[Bb]ut\s+|[Aa]nd\s+|that\s+)?(?P<actor>They|We|(?:the\s+)?[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*)*\s+(?:officials|leaders|governments|"
                          r"intelligence(?:\s+agencies)?|allies|nations|countries|capitals)|(?:Washington|Kyiv|Kiev|London|Paris|Berlin|Warsaw|"
                          r"Vilnius|Brussels|the West|NATO|Nato)(?=\s+and\s+(?:its|their)\s+(?:allies|partners)\s))(?:\s+and\s+(?:its|their)\s+(?:allies|partners))?\s+(?:have\s+|had\s+)?(?:long\s+)?"
                          r"(?:fear|fears|feared|worry|worried|(?:are|were|remain|remained)\s+(?:deeply\s+|highly\s+)?"
                          r"(?:worried|concerned|skeptical|sceptical|doubtful|wary|unconvinced))\b")
_SUBJECT_SKIP = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                 "December", "It", "This", "That", "There", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Yesterday", "Today",
                 "Both", "Either", "Neither", "However", "But", "And", "Also", "Meanwhile", "Earlier", "Later", "The", "In", "On", "Still", "Yet", "Then", "Now"}
# "But Lukashenko", "Sunday Khrenin": a conjunction or a day before a surname is no given name.
_NOT_GIVEN = "".join(rf"(?!{word}\b)" for word in sorted(_SUBJECT_SKIP | {"A", "An"}))
_NAME_AT_END = re.compile(r"(?:^|[a-z’'-]\s+|\b(?:President|Minister|Secretary|General|Gen\.?|Chancellor|Ambassador|Director|Chief|"
                          r"Commander|Spokesman|Spokeswoman)\s+)(?P<name>" + _NOT_GIVEN + r"[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){1,2})$")
_CAPITAL_NATIONS = {"Kyiv": "Ukrainian", "Kiev": "Ukrainian", "Minsk": "Belarusian", "Moscow": "Russian"}
_LOWER_ASIDE = re.compile(r"^(?:after|before|during|following|speaking|writing|in|on|at|with|despite|like|unlike|citing|"
                          r"asked|answering|responding|addressing|meeting|visiting|who)\b")
_ALLIANCE = re.compile(r"^(?:the\s+)?(?:military\s+)?alliance$", _I)
_PREPOSITIONAL = re.compile(r"^(?:With|Without|Despite|Amid|Amidst|Over|After|Before|During|Following|While|Although|Since|Because|"
                            r"Under|Against|Among|Through|Throughout|who|which|whose)\b")
# "Officials have said", "sources say": no one is named, so the statement has no claimant.
_UNNAMED = re.compile(r"^(?:[Tt]he\s+)?(?:(?:[Ss]ome|[Oo]ther|[Mm]any|[Ss]everal|[Ss]enior|[Tt]op)\s+)?(?:[Oo]fficials?|[Ss]ources?|[Aa]nalysts?|"
                      r"[Ee]xperts?|[Oo]bservers?|[Dd]iplomats?|insiders?|[Pp]eople familiar with [\w\s]+)$")  # lower case: "The Insider" is an outlet
_APPOSED_NAME = re.compile(r"(?:^|[.;]\s+)(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}),\s*$")
_GROUP_SUBJECT = re.compile(r"^(?:the\s+)?(?:senior\s+|top\s+)?[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*)*\s+(?:officials|leaders|governments|diplomats|"
                            r"intelligence(?:\s+(?:agencies|officials|services|sources))?|sources|countries|nations|allies|partners|"
                            r"analysts|authorities|lawmakers|military officials|defen[cs]e officials|(?:human )?rights groups|groups|organi[sz]ations|"
                            r"activists|monitors|journalists)$")
_DESCRIBED_NAME = re.compile(r"\b(?:agency|outlet|newspaper|daily|channel|broadcaster|company|firm|think[- ]tank|institute|group|"
                             r"monitor|website|portal)\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})$")
_RESTRICTIVE = re.compile(r"\s+(?:that|who)\s+[a-z][\w\s’'-]*$")
_DESCRIBED_BODY = re.compile(r"^(?:[Aa]n?|[Tt]he)\s+(?:[\w.-]+\s+){0,3}(?:company|firm|think[- ]tank|institute|monitor|news agency|"
                             r"newspaper|broadcaster|outlet|watchdog)$")
_COMMON_NOUN_SUBJECT = re.compile(r"^(?:The|A|An|These|Those|This|That|Its|Their)\s+[a-z]")


INSTITUTION = re.compile(r"\b(?:ministry|minister|ministries|press service|spokes(?:man|woman|person)|secretary general|"
                          r"general staff|government|authorities|presidential|administration|intelligence|office|"
                          r"border guards?|armed forces|military|command|embassy|embassies|MoD)\b", _I)
_NATIONALITY = re.compile(r"\b(?:(?P<adj>Russian|Belarusian|Belarussian|Ukrainian)|(?P<country>Russia|Belarus|Ukraine)(?:['’]s?)?)\b")
_COUNTRY_NOUN = re.compile(r"\b(?P<country>Russia|Belarus|Ukraine)\b(?P<adj>)")
# Other governments' bodies keep their own nation: "the Lithuanian foreign ministry", "Britain's defence ministry".
_FOREIGN_NATIONS = {"British": "British", "Britain": "British", "UK": "British", "U.K.": "British", "Lithuanian": "Lithuanian",
                    "Lithuania": "Lithuanian", "Polish": "Polish", "Poland": "Polish", "Latvian": "Latvian", "Latvia": "Latvian",
                    "Estonian": "Estonian", "Estonia": "Estonian", "French": "French", "France": "French", "German": "German",
                    "Germany": "German", "U.S.": "U.S.", "US": "U.S.", "American": "U.S.", "Moldovan": "Moldovan", "Moldova": "Moldovan"}
_FOREIGN_NATIONALITY = re.compile(r"(?<![\w.])(?P<nation>" + "|".join(re.escape(n) for n in sorted(_FOREIGN_NATIONS, key=len, reverse=True))
                                  + r")(?:['’]s?)?(?![\w.]*\w)")
_NATION_OFFICIALS = re.compile(r"^(?:(?:[Aa]|[Aa]n|[Tt]he|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal)\s+)?(?:(?:senior|top|high-ranking|unnamed)\s+)?"
                               r"(?:Russian|Belarusian|Ukrainian|British|UK|U\.S\.|US|American|Lithuanian|Polish|Latvian|Estonian|French|German|"
                               r"NATO|Nato|EU|Pentagon|Kremlin|White House|State Department)"
                               r"\s+(?:(?:defen[cs]e|military|intelligence|government|administration|security)\s+)?officials?$")
_BODY_OF_OFFICIALS = re.compile(r"\b(?:NATO|Nato|EU|Pentagon|Kremlin|White House|State Department)\b")
_NATION_OFFICIALS_WORD = re.compile(r"\bofficials?\b", _I)
_NATIONS = {"Russian": "Russian", "Russia": "Russian", "Belarusian": "Belarusian", "Belarussian": "Belarusian",
            "Belarus": "Belarusian", "Ukrainian": "Ukrainian", "Ukraine": "Ukrainian"}
_TITLES = {"Gen", "Gen.", "General", "President", "Minister", "Prime", "Foreign", "Defence", "Defense", "Secretary",
           "Colonel", "Col.", "Lt", "Lt.", "Major", "Chancellor", "Ambassador", "Mr", "Mr.", "Ms", "Ms.", "Belarusian",
           "Russian", "Ukrainian", "US", "U.S.", "UK", "British", "French", "German", "NATO", "Nato", "dictator", "leader"}
_TITLE_NOUNS = {"Chief", "Head", "Leader", "President", "Minister", "Secretary", "Spokesman", "Spokeswoman", "Spokesperson",
                "Commander", "Envoy", "Ambassador", "General", "Official", "Officials"}
_HEADLINE_SOURCE = re.compile(r"\s[-–—]\s(?P<actor>[A-Z][^-–—.]{3,60}|(?:[a-z]+\s){0,2}(?:company|firm|agency|ministry|officials?|"
                              r"intelligence|sources?|analysts?|media))$")


_INVERTED = re.compile(rf"[,”\"»]\s*{_NAMING}(?:{SAID_VERBS})\s+(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'.-]*)*"
                       rf"(?:,\s+(?:the\s+)?[a-z][\w’' -]{{2,40}})?)\s*(?:[.,;:!?]|$|(?=\s+(?:on|in|at|during|after|before|while|when|"
                       rf"late|earlier|yesterday|today)\b))")


# "…," Lukashenko was quoted as saying (by the BelTa news agency).
_WAS_QUOTED = re.compile(r"(?:^|[,”\"]\s*)(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|he|she|they)\s+(?:was|were|is|are)\s+"
                         r"(?:quoted|cited)\s+(?:by\s+[^,.]+?\s+)?as\s+say(?:ing)?\b")
# "The extension was announced by Belarusian Minister of Defense Gen. Viktor Khrenin on social media".
_ANNOUNCED_BY = re.compile(r"\b(?:is|are|was|were|has|have|had)\s+(?:also\s+)?(?:been\s+)?(?:announced|stated|reported|confirmed|declared|claimed|"
                           r"corroborated|verified|documented|recorded|observed)\s+by\s+"
                           rf"(?P<actor>(?:the\s+)?{_NAME})")
# "Satellite images from Maxar Technologies show …": the images speak for whoever took them.
_IMAGES_BY = re.compile(r"\b(?:images?|imagery|photos?|photographs?|pictures?|footage),?\s+(?:(?:released|taken|provided|published|collected|shared)"
                        r"\s+(?:\w+\s+){0,2}?)?"
                        r"(?:by|from)\s+(?:(?:the\s+)?(?:[\w.-]+\s+){0,4}?(?:company|firm|provider|operator)\s+)?"
                        r"(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w’'.-]*)*)[^.]{0,30}?\b(?:show|shows|showed|reveal\w*|indicate\w*)\b")
# "An analysis by the Center for Strategic and International Studies found that …"
_STUDY_BY = re.compile(r"\b(?:analysis|report|study|assessment|estimate|review)\s+(?:by|from)\s+(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*"
                       r"(?:\s+(?:of\s+|for\s+|and\s+|the\s+)?[A-Z][\w’'.-]*)*)[^.]{0,40}?\b(?:found|said|concluded|showed|shows|says)\b")
_QUOTED_AS = re.compile(rf"\b(?:quoted|cited)\s+(?!by\b)(?P<actor>(?:the\s+)?(?:[A-Za-z][\w’'.-]*\s+){{0,4}}?{_NAME})"
                        r"\s+as\s+say(?:ing)?\b")
# "But the West remains fearful of an attack, saying it has yet to see …": the subject is the speaker.
_SAYING = re.compile(rf"^(?:But\s+|And\s+|Still,\s+|However,\s+)?(?P<actor>(?:the\s+)?{_NAME})"
                     r"\s[^,;]{3,160},\s+(?:saying|adding|warning|insisting|claiming|arguing|noting|stressing|calling|describing|dubbing|branding)\b")
# A headline or crosshead "Lukashenko: Belarus will …", "White House: Drills are …".
_HEADLINE_SPEAKER = re.compile(r"^[\"“«]?(?P<actor>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}|[A-Z][\w.-]*['’]s?\s+(?:[a-z]+\s+)?"
                               r"(?:intelligence|ministry|military|army|president|leader|government|general staff))[\"”»]?:\s+\S")
# "Belarus Says 'Not a Single' Russian Soldier Will Stay": a headline's verbs are capitalised.
_HEADLINE_SAYS = re.compile(r"^(?P<actor>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}?)\s+(?:Says|Said|Warns|Denies|Claims|Insists|Confirms|Announces)\b")


def speaker(sentence: str, clause: bool = False) -> str | None:
    """Who the sentence says is speaking ("X said", "according to X", "…, said X"), or None.

    A speaker inside a relative clause ("drills that Ukraine says will …") speaks for that clause, so only
    when a single ``clause`` is read."""
    # Each pattern below needs a word that a plain substring test finds far faster than the pattern would fail.
    lowered = sentence.lower()
    if ", " in sentence:
        # "Western officials, however, fear …": found in the lower-cased text, cut from the sentence
        asides = list(_ASIDE_LOWER.finditer(lowered)) if len(lowered) == len(sentence) else list(_ASIDE.finditer(sentence))
        for aside in reversed(asides):
            sentence = sentence[: aside.start()] + sentence[aside.end() :]
    feared = (("fear" in lowered or "worr" in lowered or "concern" in lowered or "ptical" in lowered or "doubt" in lowered
               or "wary" in lowered or "unconvinced" in lowered) and _GROUP_FEARS.match(sentence))
    if feared:
        return _clean_actor(feared.group("actor"))
    quoted = ((("quoted" in lowered or "cited" in lowered) and (_QUOTED_AS.search(sentence) or _WAS_QUOTED.search(sentence)))
              or (" by " in lowered and _ANNOUNCED_BY.search(sentence))
              or ((" by " in lowered or " from " in lowered) and (_STUDY_BY.search(sentence) or _IMAGES_BY.search(sentence))))  # "RIA quoted Peskov as saying"
    if quoted:
        actor = _clean_actor(quoted.group("actor"))
        if actor:
            return actor
    with_saying = "With " in sentence and _WITH_SAYING.match(sentence)
    if with_saying:
        return _clean_actor(with_saying.group("actor"))
    view = _IN_HIS_VIEW.match(sentence)
    if view:
        return {"his": "he", "her": "she"}.get(view.group("whose"), "they")
    # The patterns built on the verbs of speech run only where one of those verbs is.
    speaks = _SPEECH_VERB.search(sentence) is not None
    inverted = speaks and _INVERTED.search(sentence)  # "…, says Belarus." "…, said Alexander Lukashenko, the Belarusian leader."
    if inverted:
        actor = _clean_actor(inverted.group("actor").split(",")[0])
        if actor and not _NOT_ACTOR.match(actor):
            return actor
    for pattern, word in ((_ACCORDING_TO, "according"), (_AS_SAID, "as ")):
        match = word in lowered and pattern.search(sentence)
        if match and pattern is _AS_SAID and _AS_EVENT.match(sentence, match.end()) and match.start() > 0 \
                and sentence[match.start()] == " " and sentence[match.start() - 1] not in ",(—–-":
            match = None  # "Russia extended the drills as Zelensky said he supports a ceasefire": a second event, not a source
        if match:
            actor = _clean_actor(_DOCUMENT_OF.sub("", match.group("actor")))  # "according to Maxar's images": Maxar
            if actor and not _NOT_ACTOR.match(actor):
                # "According to FT, Putin also said …": the one whose words are reported
                return _inner_speaker(sentence[match.end():]) or actor
    for match in _subject_verbs(sentence) if speaks else ():
        if match.embedded and not clause:
            continue
        subject = _first_conjunct(match.subject.strip())
        if match.start > 0 and _LOWER_ASIDE.match(subject):
            # "Putin, after talks with Lukashenko, said", "A NATO official, speaking on condition of anonymity, said"
            before = sentence[: match.start].rstrip()
            subject = _first_conjunct(before[max(before.rfind(mark) for mark in _SUBJECT_DELIMITERS) + 1:].strip())
            if not subject:
                continue
        if _ALLIANCE.match(subject):
            return "NATO"
        if subject in ("I", "We", "we") or subject.startswith(("I ", "We ")):
            continue  # "“I emphasize that …”": the quotation's speaker, named where it closes
        if _PREPOSITIONAL.match(subject):
            continue  # "With the West remaining on high alert over reports …": "reports" is a noun here
        if _UNNAMED.match(subject):
            return None  # "Officials have said": nobody named
        if match.verb in ("reported", "reports", "wrote", "writes"):
            inner = _inner_speaker(sentence[match.end:])
            if inner:
                return inner  # "The Financial Times reported that Putin told Macron …": the outlet relays Putin's words
        named = _APPOSED_NAME.search(sentence[: match.subject_start])
        if named and subject[:1].islower() and not PRONOUN.match(subject) and not _TITLED_PERSON.search(subject):
            return named.group("name")  # "Vladimir Makei, the Belarusian foreign minister, said": the name, not the title
        officials = _OFFICIALS_OF.match(subject)
        if officials:
            place = officials.group("place")
            nation = _CAPITAL_NATIONS.get(place) or _NATIONS.get(place)
            return f"{nation} government" if nation else f"{place} officials"
        if PRONOUN.match(subject):
            return subject
        ended = _NAME_AT_END.search(subject)  # "Russian leader Vladimir Putin told", "The BBC's correspondent Sarah Rainsford said"
        name = ended.group("name") if ended else ""
        if _NOT_PERSON_WORD.search(name) and len(name.split()) == 3:
            name = name.split(" ", 1)[1]  # "… of the Belarusian Armed Forces Viktor Gulevich": the last two words
        if name and not INSTITUTION.search(name) and not _NATIONALITY.search(name) and not _NOT_PERSON_WORD.search(name):
            return name
        if _BARE_TITLE.match(subject) or _NATION_OFFICIALS.match(subject) or ROLE.match(subject):
            return _clean_actor(subject)  # "the Belarusian leader said", "a senior U.S. defense official said"
        described = _DESCRIBED_NAME.search(subject)  # "Russian state news agency RIA Novosti reported"
        if described:
            return described.group("name")
        head = _RESTRICTIVE.sub("", subject) if " that " in subject or " who " in subject else subject
        if _DESCRIBED_BODY.match(head):
            return _clean_actor(head)  # "the private US company that released the pictures said"
        if _DESCRIBED_BODY.match(subject):
            return _clean_actor(subject)  # "a private US company said": named only by what it is
        if INSTITUTION.search(subject) and not _NOT_ACTOR.match(subject) and len(subject.split()) <= 10:
            # "Belarus’s defence ministry said", "the press service of the Ministry of Defense of Belarus said"
            return _clean_actor(re.sub(r"^(?:In|On|At)\s+[A-Z]\w+\s+", "", subject))
        if _COMMON_NOUN_SUBJECT.match(subject):
            continue  # "The drills in Belarus have added to …": no one speaks
        if _GROUP_SUBJECT.match(subject):
            return _clean_actor(subject)  # "Western officials", "U.S. intelligence agencies"
        for proper in _PROPER.finditer(subject):
            words = proper.group(0).split()
            while words and words[0] in _SUBJECT_SKIP:
                words = words[1:]
            if words:
                return _clean_actor(" ".join(words))
    match = speaks and _SAID_BY.search(sentence)
    if match:
        actor = _clean_actor(match.group("actor"))
        if actor and not _NOT_ACTOR.match(actor):
            return actor
    headline = (" - " in sentence or "–" in sentence or "—" in sentence) and _HEADLINE_SOURCE.search(sentence.strip())
    if headline:
        return _clean_actor(headline.group("actor"))
    for pattern, needed in ((_SAYING, "ing"), (_HEADLINE_SPEAKER, ":"), (_HEADLINE_SAYS, "")):
        match = needed in sentence and pattern.match(sentence)
        if match:
            actor = _clean_actor(match.group("actor"))
            if actor and not _NOT_ACTOR.match(actor) and actor.split()[0] not in _SUBJECT_SKIP:
                return actor
    return None


_THAT_SPEAKER = re.compile(rf"^\s*(?:this week |on \w+ |last \w+ )?that\s+(?P<actor>(?:[A-Z][\w’'.-]*\s+){{1,5}}?)"
                           rf"(?:has |had |have |also |again )*(?:{SAID_VERBS})\b")


def _inner_speaker(rest: str) -> str | None:
    """A speaker reported inside another's report: "…reported that Putin told …", "According to FT, Putin also said"."""
    inner = _THAT_SPEAKER.match(rest)
    if inner:
        return _clean_actor(inner.group("actor"))
    inner = next((match for match in _subject_verbs(rest) if match.start == 0), None)
    if inner:
        words = inner.subject.strip().split()
        if 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and words[0] not in _SUBJECT_SKIP:
            return _clean_actor(" ".join(words))
    return None


def report_nation(text: str) -> str | None:
    near_ministry = re.search(r"\b(Russian|Belarusian|Ukrainian|Russia|Belarus|Ukraine)(?:['’]s?)?\s+(?:Defen[cs]e\s+)?[Mm]inistry", text)
    found = near_ministry or _NATIONALITY.search(text)
    if not found:
        return None
    return _NATIONS[found.group(1) if near_ministry else (found.group("adj") or found.group("country"))]


def is_person(actor: str) -> bool:
    words = actor.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not INSTITUTION.search(actor) \
        and not _NATIONALITY.fullmatch(words[0])


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
    actor = _MIDDLE_INITIAL.sub(r"\1 \2", actor)  # "Stephen A. Wood": Stephen Wood
    words = actor.split()
    # "the head of the Belarusian Defense Ministry Viktor Khrenin": the person who speaks, not the ministry.
    person = re.search(r"(?:^|\s)([A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)$", actor)
    if (person and len(words) > 2 and not INSTITUTION.search(person.group(1)) and not _NATIONALITY.search(person.group(1))
            and not _NOT_PERSON_WORD.search(person.group(1))
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
            own = _NATIONALITY.search(actor)
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
            found = own or (its[-1] if its else None) or _NATIONALITY.search(sentence)
            country = _NATIONS[(found.group("adj") or found.group("country"))] if found else nation
            return form.format(country) if country else actor
    return actor


_BARE_TITLE = re.compile(r"^(?:the\s+)?(?:(?P<nation>Russian|Belarusian|Belarussian|Ukrainian|Russia|Belarus|Ukraine|British|French|"
                         r"German|Polish|Lithuanian|U\.?S\.?|UK)(?:['’]s?)?\s+)?(?P<title>(?:defen[cs]e|foreign|prime|interior) minister|"
                         r"president|leader|(?:foreign )?secretary|spokes(?:man|woman|person))$", _I)
_RANKS = r"(?:(?:Gen|General|Lt|Col|Colonel|Major|Dr|Mr|Ms|Mrs)\.?\s+)?"


def title_holder(actor: str, text: str) -> str | None:
    """"Defence minister says", "the Belarusian defence minister said": the holder the report names, if it names one."""
    bare = _BARE_TITLE.match(actor)
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
                if (given and len(last) > 2 and given not in _TITLES and given not in _SUBJECT_SKIP
                        and not _NATIONALITY.fullmatch(given) and self.text[match.start() - 1] == " "):
                    self.found.setdefault(last, set()).add(f"{given} {last}")
                previous = match
        return self.found.get(surname, set())


def _full_name(actor: str, surnames: Surnames) -> str:
    """"Psaki told reporters": the full name the report gives the person somewhere ("Jen Psaki"), if just one."""
    if not re.fullmatch(r"[A-Z][a-z’'-]{2,}", actor) or _NATIONALITY.fullmatch(actor):
        return actor
    names = surnames.get(actor)
    return next(iter(names)) if len(names) == 1 else actor


_PLEDGE_BY = re.compile(r"\b(?:pledges?|promises?|assurances?|guarantees?|warnings?|denials?|claims?|statements?)\s+(?:by|from)\s+"
                        r"(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*(?:\s+(?:defen[cs]e|foreign|ministry|government|"
                        r"military|authorities|officials|leader|president|spokes(?:man|woman|person)))*)")


_CLAIMS_OF = re.compile(r"\b(?:despite|amid|after|following|contrary to|in line with)\s+(?:[a-z]+\s+){0,2}(?P<actor>(?:Russian|Belarusian|Ukrainian|Western|U\.S\.|US|American|NATO|Nato|Kremlin|Moscow|Minsk|Kyiv|Kiev)"
                        r"(?:['’]s)?(?:\s+(?:government|officials|authorities|military|defen[cs]e ministry))?)\s+"
                        r"(?:claims|assurances|pledges|promises|denials)\b")


def clause_claimant(clause: str, sentence_actor: str | None, attributed: bool = False) -> str | None:
    """The clause's own "… by France" wins; a hedged or passive clause has no claimant unless its sentence names one
    ("Western officials sounded the alarm … as 150,000 troops are reportedly stationed …" stays theirs)."""
    own = _BY_ACTOR.search(clause.rstrip())
    if own and re.search(r"\b(?:dubbed|called|described|labell?ed|branded|criticised|criticized|condemned|announced|reported)\b", clause, _I):
        actor = _clean_actor(own.group("actor"))
        if actor:
            return actor
    according = _ACCORDING_TO.search(clause)  # "- Moscow's biggest deployment …, according to NATO -": the clause's own source
    if according and sentence_actor is None and according.group("actor").lower() not in ("him", "her", "them", "he", "she", "they", "it"):
        actor = _clean_actor(according.group("actor"))
        if actor:
            return actor
    pledge = _PLEDGE_BY.search(clause) or _CLAIMS_OF.search(clause)  # "despite earlier pledges by Moscow that …", "Russian government claims"
    if pledge:
        actor = _clean_actor(pledge.group("actor"))
        if actor:
            return actor
    if not attributed and _HEDGED.search(clause.lower()):
        return None
    return sentence_actor


def _first_conjunct(actor: str) -> str:
    """"The U.S. and EU", "Lukashenko and the Ministry of Defense": the first named, who speaks for both;
    but "Center for Strategic and International Studies" is one name."""
    first = re.split(r"\s+and\s+(?=(?:the\s+)?[A-Z])", actor, maxsplit=1)[0]
    return actor if re.search(r"\s(?:for|of)\s+[A-Z]\w*$", first) else first


_MIDDLE_INITIAL = re.compile(r"\b([A-Z][a-z’'-]+)\s+[A-Z]\.\s+([A-Z][a-z’'-]+)$")


def _clean_actor(actor: str) -> str | None:
    actor = actor.strip(" ,;:“”\"'")
    if not re.search(r"(?:\b[A-Z]\.){2,}$", actor):  # "U.S." keeps its last full stop
        actor = actor.strip(" ,.;:“”\"'")
    # "The U.S. and EU said", "Lukashenko and the Ministry of Defense promised": the first named speaks for both.
    actor = _first_conjunct(actor)
    actor = _MIDDLE_INITIAL.sub(r"\1 \2", actor)  # "Stephen A. Wood": Stephen Wood
    # "Mr. Putin and top Russian military officials": the named person first
    actor = re.sub(r"^((?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+|[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)\s+and\s+[a-z].*$", r"\1", actor)
    actor = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+(?=[A-Z])", "", actor)
    actor = re.sub(r"^(?:the|The)\s+", "", actor)
    actor = re.sub(r"\s+(?:and|of|the|for)$", "", actor)
    words = actor.split()
    if not words or len(words) > 12:
        return None
    return actor
