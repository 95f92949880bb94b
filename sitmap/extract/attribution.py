"""Who says it: the speaker of a sentence, named the way a reader would name them.

Attribution as reports write it: "X said", "according to X", "…, said X",
"X told reporters", "as X explained", "X was quoted as saying", a headline's
"X: …" or "X Says …". A pronoun is the last person named of that gender, "the
ministry" the last ministry; a quotation of several sentences belongs to the
speaker named where it closes; an outlet that reports someone's words yields to
that someone; ``actors`` then names them as a reader would. The outlet's own
voice and hedged or passive statements have no speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data.sentences import Sentence
from .actors import (
    BARE_TITLE, INSTITUTION, MIDDLE_INITIAL, NATION_OFFICIALS, NATIONALITY, NATIONS, NOT_PERSON_WORD, ROLE, SUBJECT_SKIP, TITLED_PERSON,
)
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
# "But Lukashenko", "Sunday Khrenin": a conjunction or a day before a surname is no given name.
_NOT_GIVEN = "".join(rf"(?!{word}\b)" for word in sorted(SUBJECT_SKIP | {"A", "An"}))
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
        if named and subject[:1].islower() and not PRONOUN.match(subject) and not TITLED_PERSON.search(subject):
            return named.group("name")  # "Vladimir Makei, the Belarusian foreign minister, said": the name, not the title
        officials = _OFFICIALS_OF.match(subject)
        if officials:
            place = officials.group("place")
            nation = _CAPITAL_NATIONS.get(place) or NATIONS.get(place)
            return f"{nation} government" if nation else f"{place} officials"
        if PRONOUN.match(subject):
            return subject
        ended = _NAME_AT_END.search(subject)  # "Russian leader Vladimir Putin told", "The BBC's correspondent Sarah Rainsford said"
        name = ended.group("name") if ended else ""
        if NOT_PERSON_WORD.search(name) and len(name.split()) == 3:
            name = name.split(" ", 1)[1]  # "… of the Belarusian Armed Forces Viktor Gulevich": the last two words
        if name and not INSTITUTION.search(name) and not NATIONALITY.search(name) and not NOT_PERSON_WORD.search(name):
            return name
        if BARE_TITLE.match(subject) or NATION_OFFICIALS.match(subject) or ROLE.match(subject):
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
            while words and words[0] in SUBJECT_SKIP:
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
            if actor and not _NOT_ACTOR.match(actor) and actor.split()[0] not in SUBJECT_SKIP:
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
        if 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and words[0] not in SUBJECT_SKIP:
            return _clean_actor(" ".join(words))
    return None


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


def _clean_actor(actor: str) -> str | None:
    actor = actor.strip(" ,;:“”\"'")
    if not re.search(r"(?:\b[A-Z]\.){2,}$", actor):  # "U.S." keeps its last full stop
        actor = actor.strip(" ,.;:“”\"'")
    # "The U.S. and EU said", "Lukashenko and the Ministry of Defense promised": the first named speaks for both.
    actor = _first_conjunct(actor)
    actor = MIDDLE_INITIAL.sub(r"\1 \2", actor)  # "Stephen A. Wood": Stephen Wood
    # "Mr. Putin and top Russian military officials": the named person first
    actor = re.sub(r"^((?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+|[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)\s+and\s+[a-z].*$", r"\1", actor)
    actor = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+(?=[A-Z])", "", actor)
    actor = re.sub(r"^(?:the|The)\s+", "", actor)
    actor = re.sub(r"\s+(?:and|of|the|for)$", "", actor)
    words = actor.split()
    if not words or len(words) > 12:
        return None
    return actor
