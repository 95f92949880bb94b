"""Claims in a report: what each says (type), who says it, the stance, and any quantity.

Rules, not a model: a clause is a claim when it speaks of the exercise, of
troops or weapons, of an attack or invasion, of demands about troops, of how
an actor sees the drills, or of a border's length. A sentence is cut into
clauses at "which", "while", "but", semicolons and the like, so "The drills,
which are estimated to be Russia's largest deployment …, were dubbed a violent
gesture by France" yields two claims. The claimant comes from the attribution
("X said", "according to X", "X denied", "said X"); a pronoun or "the
ministry" is the last actor named; the outlet's own voice and hedged or
passive statements ("are estimated", "there are concerns") have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data.sentences import Sentence
from .lowercase import lowercase_pattern
from .quantities import Quantity, find_quantities

CLAIM_TYPES = ("troop_count", "troop_deployment", "invasion_intent", "invasion_risk", "exercise_location",
               "exercise_activity", "characterization", "withdrawal_demand", "geographic_fact", "other")

_I = re.IGNORECASE


def _keywords(source: str) -> re.Pattern:
    """The rules' yes/no patterns read lower-cased text (see ``lowercase``); no offset depends on them."""
    return lowercase_pattern(source)

_EXERCISE = _keywords(r"\b(?:exercises?|drills?|manoeuvres?|maneuvers?|war games|wargames|Allied Resolve|Union Resolve|training|military games|"
                       r"(?:readiness|combat readiness|snap) (?:check|inspection)s?|inspections? of (?:the )?(?:troops|forces|readiness)|"
                       r"(?:response|reaction) forces|"
                       r"scenario|legend (?=implies|envisages|assumes|provides|foresees|of the))\b")
_TROOPS = _keywords(r"\b(?:troops?|soldiers?|serviceman|servicemen|(?:the|a|this|that)\s+force\b|(?:the|russian|belarusian|ukrainian)\s+military(?!\s+(?:exercise|drill|manoeuv|maneuv|game|training|activit|district|alliance|expert|analyst|source|official|spokes|attach))|personnel|forces|units|battalions?|brigades?|tanks|armou?red vehicles|"
                     r"vehicles|equipment|weapons|missiles?|S-400|Iskander|jets|aircraft|warplanes|helicopters|military hardware|contingent)\b")
_MOVE = _keywords(r"\b(?:deploy\w*|redeploy\w*|arriv\w*|mov(?:e|ed|es|ing)|sent|send\w*|station\w*|amass\w*|mass(?:ed|ing)|build-?up|"
                   r"buil(?:t|ding) up|gather\w*|concentrat\w*|transferr?\w*|relocat\w*|stay\w*|remain\w*|withdraw\w*|pull\w* (?:out|back)|"
                   r"return\w*|remov\w*|leav\w*|left|keep\w*|kept|surround\w*|encircl\w*|positioned|near|along|close to|closer|throw\w*|dispatch\w*|rush\w*|"
                   r"reinforc\w*|pour\w*|bring\w*|brought|ferr(?:y|ied|ying)|airlift\w*|order(?:ed|s)?\s+(?:\w+\s+){0,3}into)\b")
# "Repelling external aggression" is the drills' own scenario, not an invasion: "aggression" is no trigger.
_INVASION = _keywords(r"\b(?:invad\w*|invasion|attack\w*|assault|offensive|incursion|war against|pretext|"
                      r"(?:directed|aimed|targeted)\s+(?:against|at)\s+(?:ukraine|kyiv|anyone|any country|third countries|its neighbou?rs)|"
                      r"(?:will|would|shall|ready to|prepared to)\s+(?:\w+\s+)?fight|wants?\s+(?:a\s+)?war|threats?\s+(?:to|against)\s+ukraine)\b")
_INTENT = _keywords(r"\b(?:intention|intend\w*|pretext|directed|aimed|targeted|fight|wants?\s+(?:a\s+)?war|plan(?:s|ned|ning)? to|planning|no plans|want\w* to|aims? to|seek\w* to|preparing to|prepare)\b")
_LOCATION = _keywords(r"\b(?:take place|taking place|took place|held|hosted|host|at the|training grounds?|ranges?|polygons?|"
                       r"airfields?|air ?bases?|sites?|along|near|in the (?:south|west|north|east))\b")
_ACTIVITY = _keywords(r"\b(?:beg[ia]n|begun|start\w*|kick\w* off|launch\w*|last\w*|until|continu\w*|extend\w*|prolong\w*|end\w*|"
                       r"finish\w*|complet\w*|practi[cs]\w*|rehears\w*|train\w*|drill\w*|aim\w*|purpose|goal|scenario|"
                       r"repel\w*|defen[cs]ive|counter\w*|stage|phase|days?|weeks?)\b")
_CHARACTER = _keywords(r"\b(?:dubbed|described|call(?:ed|s|ing)? (?:it|them|the)|called|characteri[sz]\w*|labell?ed|branded|"
                        r"gesture|provocation|pressure|psychological|blackmail|show of force|signal|message|defensive|routine|"
                        r"purely|escalation|escalatory|de-?escalatory|alarming|dangerous|destabili[sz]\w*|threat to)\b")
_DEMAND = _keywords(r"\b(?:withdraw\w*|pull\w* (?:back|out)|de-?escalat\w*|remove|leave)\b")
_DEMAND_VOICE = _keywords(r"\b(?:should|must|urge\w*|call\w* on|calls? for|demand\w*|insist\w*|need to|ask\w*)\b")
_BORDER_LENGTH = _keywords(r"\bborders?\b")
_OFF_TOPIC = _keywords(r"\b(?:election\w*|protest\w*|opposition|riots?|Union State|membership|talks|summit|meeting|met with|"
                        r"phone call|visit\w*|negotiat\w*|sanctions?)\b")

_DENY = _keywords(r"\b(?:den(?:y|ies|ied|ying)|(?:is|are|was|were|do|does|did|has|have)n['’]t\s+(?:plan|intend|going|prepar)\w*|neither|nobody|no one|no threats?|(?:does|do|did) not (?:indicate|see|show|expect)|"
                  r"no (?:sign|indication|evidence)s? of|no intention|not (?:plan|intend|going)\w*|no plans|rejected|reject\w*|dismiss\w*|"
                   r"refut\w*|has no|have no|never)\b")
_WARN = _keywords(r"\b(?:warn\w*|may|might|could|threat\w*|fear\w*|concern\w*|worr\w*|risk\w*|imminent|any (?:time|day|moment)|"
                   r"possible|likely|danger\w*|if)\b")
_HEDGED = _keywords(r"\b(?:are|is|were|was) (?:estimated|believed|thought|expected|reported|said)\b|\bthere (?:are|were|is) "
                     r"(?:concerns|fears|worries)|\breportedly\b")


_ACTOR = (r"(?:the\s+)?(?:[A-Z][\w’'.-]*|of|and|the|for|de|von)(?:\s+(?:[A-Z][\w’'.-]*|of|and|the|for|de|von))*"
          r"|(?:the\s+)?(?:ministry|kremlin|pentagon|white house|military|government|spokesperson|spokesman|spokeswoman|"
          r"official|officials|he|she|him|her|they|them|it)")
_SAID_VERBS = (r"said|says|say|told reporters|told|stated|states|announced|announces|claimed|claims|claim|denied|denies|deny|"
               r"warned|warns|warn|insisted|insists|added(?!\s+to\b)|reported|reports|noted|notes|stressed|emphasi[sz]ed|explained|"
               r"accused|believes|argued|wrote|confirmed|confirms|declared|informed|promised|promises|assured|assures|"
               r"pledged|pledges|vowed|vows|guaranteed|threatened|threatens|suggested|suggests|estimated|estimates|"
               r"called|calls|described|describes|dubbed|reiterated|reiterates|underlined|underscored|asserted|asserts|maintained|"
               r"maintains|acknowledged|admitted|alleged|alleges|repeated|clarified|specified|indicated|believe|think|thinks|"
               r"expect|expects|rejected|rejects|dismissed|dismisses|denounced|condemned|critici[sz]ed|slammed|"
               r"(?:\w+ly\s+)?(?:rejected|dismissed|denied)|voic(?:ed|ing|es)|express(?:ed|ing|es)|raised|raising")
_ACCORDING_TO = re.compile(
    r"\b(?i:according to) (?:(?:a|the|an)\s+)?(?:(?:statement|report|data|estimates?|figures|sources?|assessment)\s+(?:from|by|of|in)\s+)?"
    r"(?P<actor>(?:the\s+)?(?:[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*(?:\s+[a-z][\w-]*){0,3}"
    r"|him|her|them|he|she|they|it))(?=[,.;:]|\s+(?:the|a|an|some|about|more|during|in|on|at)\b)")
# "…, called Allied Resolve, …" names the drills: a naming verb after a comma introduces no speaker.
_NAMING = r"(?!called\b|calls\b|described\b|describes\b|dubbed\b)"
_SAID_BY = re.compile(rf"(?:[,”\"]\s*){_NAMING}(?:{_SAID_VERBS})\s+(?P<actor>{_ACTOR})")  # "…,” said X …"
# "… – as Belarusian Defense Minister Viktor Khrenin explained, …": the speaker named mid-sentence.
_AS_SAID = re.compile(rf"(?:^|[\s,(])[Aa]s (?P<actor>(?:the\s+)?(?:[a-z]+\s+){{0,2}}[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*"
                      rf"|the (?:ministry|military|minister|spokes(?:man|woman|person))|he|she|they),?\s+(?:has |had )?(?:{_SAID_VERBS}|put it)\b")
_BY_ACTOR = re.compile(r"\b(?:by|from) (?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s*[.!?]?$")  # "… dubbed … by France."
_PRONOUN = re.compile(r"^(?:the\s+)?(?:he|she|him|her|they|them|it|ministry|the ministry|military|the military|spokesperson|spokesman|spokeswoman|official|officials)$", _I)
_NOT_ACTOR = re.compile(r"^(?:the\s+)?(?:it|this|that|which|there|these|those|(?:[\w’'-]+\s+){0,3}(?:drills?|exercises?|manoeuvres|maneuvers|"
                        r"troops|forces|deployment|statement|announcement|move|decision|images?|reports?))$", _I)


def find_claims(text: str, sentences: list[Sentence]) -> list[dict]:
    claims: list[dict] = []
    last_actor: str | None = None
    last_person: str | None = None
    last_institution: str | None = None
    previous_exercise = previous_troops = False
    exercise_list = False
    # A ministry named without its country ("the Defense Ministry said") is the one the report is about:
    # the first nationality its text names beside a ministry, or the first it names at all.
    nation = _report_nation(text)
    people = _People()
    surnames = _Surnames(text)
    quoted_by = _quotation_speakers(sentences)
    for sentence in sentences:
        # "Mr. Lukashenko, who has moved closer to the Kremlin, said …": the speaker is read past the relative clause.
        without_relatives = _RELATIVE.sub(",", sentence.text) if ", wh" in sentence.text else sentence.text
        actor = ((without_relatives != sentence.text and _speaker(without_relatives)) or _speaker(sentence.text)
                 or quoted_by.get(sentence.index))
        if actor and re.match(r"^(?:he|she|him|her)$", actor, _I):
            actor = people.resolve(actor, last_person) or last_actor
            if actor and _is_person(actor):
                last_person = actor
        elif actor and _PRONOUN.match(actor):
            actor = last_actor
        elif actor:
            actor = _canonical(actor, sentence.text, nation, last_institution, text, surnames)
            last_actor = actor
            if _is_person(actor):
                last_person = actor
            elif _INSTITUTION.search(actor):
                last_institution = actor
        elif sentence.text[:1] in "“\"«" and last_actor:
            actor = last_actor  # a quotation with no attribution of its own goes on from the last speaker
        if people.read(sentence.text) and not actor and people.last:
            last_person = people.last
        lowered = sentence.text.lower()
        # "Ukraine claims they are …": the drills may be named in the sentence before.
        names_exercise = bool(_EXERCISE.search(lowered))
        context_exercise = names_exercise or previous_exercise
        previous_exercise = names_exercise
        context_troops, previous_troops = previous_troops, bool(_TROOPS.search(lowered))
        # "The following actions will be worked out during the exercise:" announces a list; its items are the claims.
        item_of_exercise_list = bool(_LIST_ITEM.match(sentence.text)) and exercise_list
        if sentence.text.rstrip().endswith(":"):
            exercise_list = names_exercise
            if _LIST_INTRO.search(sentence.text):
                continue
        elif not _LIST_ITEM.match(sentence.text):
            exercise_list = False
        for clause in _clauses(sentence):
            quantities = find_quantities(clause.typed)
            kind = _claim_type(clause.typed, quantities, context_exercise) or ("exercise_activity" if item_of_exercise_list else None)
            if kind is None and clause.subordinate and _WHICH.match(clause.text) and _ACTIVITY.search(clause.typed.lower()) \
                    and _EXERCISE.search(sentence.text[max(0, clause.start - sentence.start - 60) : clause.start - sentence.start].lower()):
                kind = "exercise_activity"  # "Russia's joint war games in Belarus, which are meant to run until Sunday"
            if kind is None and context_troops and _THEY_MOVE.search(clause.typed.lower()):
                kind = "troop_deployment"  # "If we decide a month, they'll stay for a month": the troops of the sentence before
            if kind is None:
                continue
            quantity = _first_relevant(quantities, kind)
            claimant = _clause_claimant(clause.typed, None if clause.subordinate else actor)
            if clause.subordinate and _WHO_SAID.match(clause.text):
                claimant = actor or people.before(clause.start - sentence.start, sentence.text) or last_person  # "…, who complained that …"
                claimant = _canonical(claimant, sentence.text, nation, last_institution, text, surnames) if claimant else None
            if claimant is not None and claimant != actor:
                claimant = _canonical(claimant, sentence.text, nation, last_institution, text, surnames)  # "… by France", "pledges by Moscow"
            claims.append({
                "start": clause.start,
                "end": clause.end,
                "text": clause.text,
                "claimant": claimant,
                "stance": _stance(clause.typed, kind),
                "claim_type": kind,
                "quantity": quantity.value if quantity else None,
                "qualifier": quantity.qualifier if quantity else None,
                "unit": quantity.unit if quantity else None,
            })
    return claims


_THEY_MOVE = lowercase_pattern(r"\b(?:they|them|it)(?:['’]ll|\s+will|\s+would|\s+could|\s+must|\s+are|\s+have)?\s+"
                               r"(?:\w+\s+)?(?:stay|remain|leave|withdraw|return|go home|pull out)\b")
_WHICH = re.compile(r"^,?\s*which\b")
_WHO_SAID = re.compile(rf"^,?\s*(?:who|which)\s+(?:has |had |have |also |again )*(?:{_SAID_VERBS}|complained|complains)\b")

_OPENING_QUOTES, _CLOSING_QUOTES = "“«", "”»"


def _quote_balance(text: str) -> int:
    """Quotation marks opened and not closed in the text (curly and guillemets; straight ones by parity)."""
    balance = sum(text.count(c) for c in _OPENING_QUOTES) - sum(text.count(c) for c in _CLOSING_QUOTES)
    return balance + text.count('"') % 2


def _quotation_speakers(sentences: list[Sentence]) -> dict[int, str]:
    """A quotation of several sentences ends '…,” he added.': that speaker said every sentence of it."""
    speakers: dict[int, str] = {}
    run: list[int] = []
    for sentence in sentences:
        if not run and sentence.text[:1] in _OPENING_QUOTES + '"' and _quote_balance(sentence.text) > 0:
            run = [sentence.index]
            continue
        if run:
            run.append(sentence.index)
            if _quote_balance(sentence.text) < 0 or (sentence.text.count('"') % 2 and '"' in sentences[run[0]].text[:1]):
                closing = max(sentence.text.rfind(c) for c in _CLOSING_QUOTES + '"')
                speaker = _speaker(sentence.text[closing:]) if closing >= 0 else None
                if speaker:
                    speakers.update({index: speaker for index in run})
                run = []
            elif len(run) > 12:
                run = []  # an unbalanced mark, not a quotation
    return speakers


_LIST_ITEM = re.compile(r"^\s*(?:[•▪◦·*–—-]|\d{1,2}[.)])\s")
_LIST_INTRO = re.compile(r"\bthe following\b[^:]*:\s*$|\b(?:as follows|include|includes|including)\s*:\s*$", _I)
_TITLED_PERSON = re.compile(r"\b(?:President|Prime Minister|Minister|Secretary|Chancellor|spokesman|spokeswoman|spokesperson|"
                            r"Spokesman|Spokeswoman|Spokesperson|General|Gen\.|Colonel|Col\.|Ambassador|Chief|Commander|Head|"
                            r"leader|dictator|counterpart|colleague|chief|head|Mr\.?|Ms\.?|Mrs\.?),?\s+"
                            r"(?:of (?:the )?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*,\s+|of (?:the )?[A-Z][\w-]+\s+|for [A-Z][\w-]+\s+)?"
                            r"(?P<name>[A-Z][a-z\w’'-]+(?:\s+[A-Z][a-z\w’'-]+){0,2})")
# Given names that say a person is a woman, for "she" and "her"; Slavic surnames say it by their ending.
_FEMALE_GIVEN = frozenset("""Liz Elizabeth Jen Jennifer Ursula Annalena Kamala Victoria Linda Wendy Maria Svetlana Sviatlana Hanna
    Anna Olha Olga Iryna Irina Kaja Ingrida Angela Theresa Hillary Nancy Madeleine Marine Kristina Christine Julia Yulia Tatiana
    Tatyana Natalia Natalya Valentina Elena Yelena Helena Lyudmila Oksana Olena Veronika Karin Mette Sanna Jacinda Margaret Mary
    Catherine Kate Sarah Susan Karen Laura Emily Samantha Nikki Condoleezza Federica Ylva Agnes Ivanna Alina Daria Darya""".split())
_FEMALE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|aya|ska|skaya|ckaya)$")


class _People:
    """Persons named so far, in order, each with whether the text marks her as a woman (for "she", "her")."""

    def __init__(self) -> None:
        self.named: list[tuple[str, bool]] = []

    @property
    def last(self) -> str | None:
        return self.named[-1][0] if self.named else None

    def read(self, sentence: str) -> bool:
        """Note the persons the sentence names; whether it named any."""
        matches = list(_TITLED_PERSON.finditer(sentence))
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
        return bool(matches)

    @staticmethod
    def before(position: int, sentence: str) -> str | None:
        """The person a relative clause hangs on: the last name or titled name before it in the sentence."""
        names = [m.group("name") for m in _TITLED_PERSON.finditer(sentence[:position])]
        names += [m.group(0) for m in re.finditer(r"\b[A-Z][a-z’'-]+ [A-Z][a-z’'-]+(?=,?\s*$)", sentence[:position])]
        names += [m.group(1) for m in re.finditer(r"\b([A-Z][\w’'.-]+),?\s*$", sentence[:position])]  # "Moscow, which maintains …"
        return names[-1] if names else None

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


_NOT_PERSON_WORD = re.compile(r"\b(?:Ministry|Defen[cs]e|Foreign|Affairs|Staff|Forces|Military|District|State|Union|Republic|"
                              r"Federation|Kingdom|States|Office|Council|Service|Belarus|Russia|Ukraine|NATO|Nato)\b")
# A comma between digits ("100,000") separates thousands, not clauses.
_NOT_COMMA = r"(?:[^,]|(?<=\d),(?=\d{3}))"
# "As part of the drills, …" is a phrase of the main clause, not a clause of its own.
_LEADING = re.compile(rf"^(?:Despite|Although|Though|While|After|Amid|Amidst|If|As(?! part of| a result| of | for | well as)|Since|Following|With)\b"
                      rf"{_NOT_COMMA}{{5,200}},(?!\d)\s*")
_TRAILING = re.compile(r",?\s+(?:in the midst of|amid|amidst|despite|following|as (?:fears|concerns|worries|tensions)|"
                       r"addressing (?:\w+\s+)?(?:concerns|fears|worries)|as (?=[A-Z][\w-]+ (?:shares|borders|lies|sits)\b)|as (?:[\w-]+\s+){1,3}(?:fears|concerns|worries|tensions)|"
                       r"(?<=,\s)(?:deepening|raising|fuel(?:l)?ing|stoking|heightening|sparking|adding to)\s+(?:\w+\s+)?(?:fears|concerns|worries|tensions)|"
                       r"in a (?:decision|move|step) that|in what (?:could|would|may|might|is|was) be|"
                       r"(?<=,\s)(?:making|representing|prompting|marking|underscoring|signalling|signaling)\s+(?:it|the|a|an|yet|another)|"
                       r"(?<=,\s)as\s+(?!well\b|part\b|many\b|much\b|long\b|soon\b|of\b|for\b|a result\b|such\b|if\b)"
                       r"(?=(?:the|its|their|his|her|a|an|[A-Z][\w’'-]*)\s+\S+\s+\S+))\b.*$", _I)
_RELATIVE = re.compile(rf",\s*(?:which|who|whose)\b{_NOT_COMMA}{{5,200}}?(?:,(?!\d)|[.!?]?$)")
# "… were scheduled to end and will add to western fears …": a second predicate with its own auxiliary is a claim of its own.
_COORDINATE = re.compile(r";\s+|,?\s+(?:but|while|whereas)\s+|\s+[—–]\s+(?!\d)|\s+and\s+(?=(?:will|would|could|has|have)\s+(?!been\b)[a-z])")


@dataclass
class _Clause:
    start: int
    end: int
    text: str
    typed: str  # the text the rules read: a main clause without its relative clauses
    subordinate: bool = False  # "Despite …", "…, which …": the outlet's own words unless they name a speaker


def _clauses(sentence: Sentence) -> list[_Clause]:
    """Main clauses (split at ";", "but", "while", dashes), each less its subordinate clauses, and those as clauses of their own."""
    text, base = sentence.text, sentence.start
    clauses: list[_Clause] = []
    pieces, start = [], 0
    for match in _COORDINATE.finditer(text):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    for s, e in pieces:
        lead = _LEADING.match(text[s:e])
        if lead:
            _add(clauses, text, base, s, s + lead.end(), subordinate=True)
            s += lead.end()
        trail = _TRAILING.search(text[s:e])
        # "The drills come amid …" says nothing without its tail: split only a main clause of four words or more.
        if trail and trail.start() > 12 and len(text[s : s + trail.start()].split()) >= 4:
            _add(clauses, text, base, s + trail.start(), e, subordinate=True)
            e = s + trail.start()
        typed = text[s:e]
        for relative in _RELATIVE.finditer(text[s:e]):
            _add(clauses, text, base, s + relative.start(), s + relative.end(), subordinate=True)
            typed = typed.replace(relative.group(0), ",", 1)
        _add(clauses, text, base, s, e, typed)
    clauses.sort(key=lambda clause: clause.start)
    return clauses or [_Clause(sentence.start, sentence.end, sentence.text, sentence.text)]


def _add(clauses: list[_Clause], text: str, base: int, s: int, e: int, typed: str | None = None, subordinate: bool = False) -> None:
    while s < e and text[s] in " ,;—–•▪◦·":
        s += 1
    while e > s and text[e - 1] in " ,;":
        e -= 1
    if e - s >= 12:
        clauses.append(_Clause(base + s, base + e, text[s:e], (typed if typed is not None else text[s:e]).strip(" ,;"), subordinate))


# "The situation in the Donbas has deteriorated since the beginning of the exercises": the drills only date it.
_EXERCISE_AS_TIME = re.compile(r"\b(?:since|after|before|until|ahead of)\s+(?:the\s+)?(?:beginning|start|end|launch|completion)\s+of\s+"
                               r"(?:the\s+)?(?:joint\s+)?(?:military\s+)?(?:exercises?|drills?|manoeuvres|maneuvers)\b", _I)

# "Lukashenko, Putin to review Allied Resolve exercise": a leaders' programme is scheduling, not a claim about the drills.
# Attachés visiting the drills, like a meeting's agenda, are readouts of diplomacy, not claims about the drills.
_QUESTION = re.compile(r"^(?:what|how|why|who|when|where|which|will|would|is|are|can|could|does|do)\b")
_READOUT = _keywords(r"\battach[eé]s?\b[^.]*\b(?:visit|observ|attend|host|watch)\w*|\b(?:visit|observ|attend|host|watch)\w*\b[^.]*\battach[eé]|\b(?:were|was|are|is|be|been)\s+discussed\b|\bdiscussed\s+(?:at|during|in)\s+(?:a|the)\s+(?:meeting|call|talks)\b")
_LEADERS_VISIT = _keywords(r"\b(?:to|will|would|shall)\s+(?:\w+\s+)?(?:review|visit|watch|observe|inspect|attend)\b")


# "The troops will practice manoeuvres to strengthen the border": what forces rehearse is the exercise's activity.
_DRILLING = _keywords(r"\b(?:practi[cs]\w*|rehears\w*|work(?:ed|ing)? out|hon(?:e|ed|ing)|master\w*|simulat\w*|train(?:s|ed|ing)?)\b")
# Words that characterise the crisis wherever they stand ("denounced … as psychological pressure").
_STRONG_CHARACTER = _keywords(r"\b(?:psychological (?:pressure|warfare)|provocation|blackmail|show of force|violent gesture|saber-rattling|sabre-rattling)\b")
# "Neither country has disclosed the number of troops", "did not say how long": a statement that information is missing.
_MISSING_INFO = _keywords(r"\b(?:did|does|do|has|have|had)\s+not\s+(?:say|said|disclose|disclosed|divulge|divulged|specify|specified|reveal|revealed|"
                          r"give|given)\b|\b(?:neither|no one|nobody)\b[^.]*\b(?:disclosed|revealed|divulged)\b|"
                          r"\b(?:it is|it was|it remains)\s+(?:unknown|unclear|not known|not clear)\b")
_DEPLOYMENT = _keywords(r"\bdeployments?\b")
_LONG = _keywords(r"\b(?:long|length)\b")
# "Belarus … borders both Ukraine and Russia", "which lies north of Ukraine": where a country is, which the map shows.
_BORDERS_VERB = _keywords(r"\b(?:borders|bordering)\s+(?:both\s+|on\s+)?(?!of\b|the\b|with\b|and\b|to\b|in\b|near\b|along\b|are\b|is\b|were\b)[a-z]+"
                          r"|\b(?:lies|is|sits)\s+(?:directly\s+|just\s+)?(?:north|south|east|west)\w*\s+of\b")
_STRETCH = _keywords(r"\b(?:long|length|lengthy|stretch\w*|shares?)\b")


def _claim_type(clause: str, quantities: tuple[Quantity, ...], context_exercise: bool = False) -> str | None:
    clause = _EXERCISE_AS_TIME.sub(" ", clause).lower()
    seen: dict[re.Pattern, bool] = {}

    def has(pattern: re.Pattern) -> bool:  # each rule reads a clause once however many branches ask
        if pattern not in seen:
            seen[pattern] = pattern.search(clause) is not None
        return seen[pattern]

    if has(_LEADERS_VISIT) and not (has(_TROOPS) or has(_INVASION)):
        return None
    if has(_MISSING_INFO) or (clause.endswith("?") and _QUESTION.match(clause)):
        return None  # what is not known, and a subheading's question, are no claims
    if has(_READOUT):
        return None  # "The reasons for the drills were discussed at a meeting": what a meeting covered, not what anyone said
    if has(_OFF_TOPIC) and not (has(_TROOPS) or has(_INVASION) or has(_EXERCISE)):
        return None
    if any(q.unit in ("km", "miles") for q in quantities) and (has(_BORDER_LENGTH) or has(_LONG)):
        return "geographic_fact"
    if has(_DEMAND) and has(_DEMAND_VOICE) and (has(_TROOPS) or "border" in clause):
        return "withdrawal_demand"
    if has(_INVASION):
        if has(_INTENT) or has(_DENY):
            return "invasion_intent"
        return "invasion_risk"
    if any(q.unit in ("troops", "soldiers", "servicemen", "tanks", "vehicles", "aircraft") for q in quantities):
        return "troop_count"
    if has(_CHARACTER) and (has(_EXERCISE) or context_exercise or has(_STRONG_CHARACTER)):
        return "characterization"
    if has(_DEPLOYMENT) or (has(_TROOPS) and has(_MOVE)):
        return "troop_deployment"
    if has(_EXERCISE) or (has(_TROOPS) and has(_DRILLING)):
        if has(_ACTIVITY) or has(_DRILLING):
            return "exercise_activity"
        return "exercise_location" if has(_LOCATION) else "exercise_activity"
    if (has(_BORDER_LENGTH) and has(_STRETCH)) or has(_BORDERS_VERB):
        return "geographic_fact"
    return None


def _first_relevant(quantities: tuple[Quantity, ...], kind: str) -> Quantity | None:
    # "… remove its forces once the 10-day exercise …": a deployment is counted in troops or the distance moved, not in days.
    wanted = {"geographic_fact": ("km", "miles"),
              "troop_deployment": ("troops", "soldiers", "servicemen", "vehicles", "tanks", "aircraft", "km", "miles")}.get(kind)
    for quantity in quantities:
        if wanted is None or quantity.unit in wanted:
            return quantity
    return None


_HARM_AHEAD = _keywords(r"\b(?:will|would|could|may|might) (?:lead to|cause|trigger|provoke|result in|bring)\b.*\b(?:escalat\w*|war|conflict|"
                         r"tension\w*|attack\w*|invasion|instability)\b")


# "… fuel concerns Moscow is planning an invasion": a feared intent is a warning, not an assertion of the plan.
_FEARED = _keywords(r"\b(?:fear\w*|concern\w*|worr\w*|alarm\w*|suspect\w*|suspicion\w*)\b")


# "NATO has called the drills particularly alarming", "more escalatory": a judgment that warns of danger.
_ALARM = _keywords(r"\b(?:alarm\w*|dangerous|danger|escalatory|threaten\w*|menac\w*|provocative)\b")


def _stance(clause: str, kind: str) -> str:
    clause = clause.lower()
    if _HARM_AHEAD.search(clause):
        return "warned"
    if _DENY.search(clause) and kind in ("invasion_intent", "invasion_risk", "troop_deployment", "troop_count", "characterization"):
        return "denied"
    if kind == "invasion_intent" and "accus" in clause:
        return "warned"  # "Western leaders have accused Moscow of seeking a pretext to send in troops"
    if kind in ("invasion_risk",) or (kind != "exercise_activity" and _FEARED.search(clause)) or (kind == "characterization" and _ALARM.search(clause)) or (_WARN.search(clause) and kind != "exercise_activity" and re.search(r"\bwarn", clause)):
        return "warned"
    return "asserted"


# "X said", "X has repeatedly denied": each verb of speech, then its subject, the words back to the last comma, colon,
# quotation mark or bracket (at most 90 characters), less the auxiliaries between. Found from the verb backwards,
# which is several times faster than a pattern that tries every position as a subject's start.
_SPEECH_VERB = re.compile(rf"\b(?:{_SAID_VERBS})\b")
_AUXILIARIES = ("has", "had", "have", "been", "also", "again", "repeatedly", "consistently", "previously", "reportedly",
                "officially", "publicly", "firmly", "long", "for months", "for weeks")
_SUBJECT_DELIMITERS = ',;:“”"('


@dataclass
class _SubjectVerb:
    subject: str
    subject_start: int
    start: int  # where the subject's delimiter is, or 0
    end: int  # the verb's end
    verb: str


def _subject_verbs(sentence: str):
    for verb in _SPEECH_VERB.finditer(sentence):
        end = verb.start()
        trimmed = True
        while trimmed:
            trimmed = False
            for word in _AUXILIARIES:
                if sentence.endswith(word + " ", 0, end) and (end == len(word) + 1 or sentence[end - len(word) - 2].isspace()):
                    end -= len(word) + 1
                    trimmed = True
                    break
        body_end = end
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
        while start < body_end and sentence[start].isspace():
            start += 1
        subject = sentence[start:body_end]
        if 1 <= len(subject) <= 90 and ")" not in subject:
            yield _SubjectVerb(subject, start, max(cut, 0), verb.end(), verb.group(0))


_PROPER = re.compile(r"(?:[A-Z][\w’'.-]*)(?:\s+(?:(?:of|for|the|and|de)\s+)?[A-Z][\w’'.-]*)*")
_OFFICIALS_OF = re.compile(r"^(?:(?:senior|top|western)\s+)?(?:officials|authorities|sources)\s+in\s+(?P<place>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)?)$", _I)
_ASIDE = re.compile(r",\s+(?:however|though|too|also|in turn|meanwhile|for (?:its|their|his|her) part),", _I)
_GROUP_FEARS = re.compile(r"^(?:But\s+|And\s+)?(?P<actor>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*)*\s+(?:officials|leaders|governments|"
                          r"intelligence(?:\s+agencies)?|allies|nations|countries|capitals))\s+(?:have\s+|had\s+)?(?:long\s+)?"
                          r"(?:fear|fears|feared|worry|worried|are worried|are concerned)\b")
_NAME_AT_END = re.compile(r"(?:^|[a-z’'-]\s+|\b(?:President|Minister|Secretary|General|Gen\.?|Chancellor|Ambassador|Director|Chief|"
                          r"Commander|Spokesman|Spokeswoman)\s+)(?P<name>(?!The\b|A\b|An\b)[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})$")
_CAPITAL_NATIONS = {"Kyiv": "Ukrainian", "Kiev": "Ukrainian", "Minsk": "Belarusian", "Moscow": "Russian"}
_PREPOSITIONAL = re.compile(r"^(?:With|Without|Despite|Amid|Amidst|Over|After|Before|During|Following|While|Although|Since|Because|"
                            r"Under|Against|Among|Through|Throughout|who|which|whose)\b")
# "Officials have said", "sources say": no one is named, so the statement has no claimant.
_UNNAMED = re.compile(r"^(?:the\s+)?(?:(?:some|other|many|several|senior|top)\s+)?(?:officials?|sources?|analysts?|experts?|observers?|"
                      r"diplomats?|insiders?|people familiar with [\w\s]+)$", _I)
_APPOSED_NAME = re.compile(r"(?:^|[.;]\s+)(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}),\s*$")
_GROUP_SUBJECT = re.compile(r"^(?:the\s+)?(?:senior\s+|top\s+)?[A-Z][\w.’'-]*(?:\s+(?:and\s+)?[A-Z][\w.’'-]*)*\s+(?:officials|leaders|governments|diplomats|"
                            r"intelligence(?:\s+(?:agencies|officials|services|sources))?|sources|countries|nations|allies|partners|"
                            r"analysts|authorities|lawmakers|military officials|defen[cs]e officials)$")
_COMMON_NOUN_SUBJECT = re.compile(r"^(?:The|A|An|These|Those|This|That|Its|Their)\s+[a-z]")
_SUBJECT_SKIP = {"Both", "Either", "Neither", "However", "But", "And", "Also", "Meanwhile", "Earlier", "Later", "The", "In", "On", "Still", "Yet", "Then", "Now"}


_INSTITUTION = re.compile(r"\b(?:ministry|minister|ministries|press service|spokes(?:man|woman|person)|secretary general|"
                          r"general staff|government|authorities|presidential|administration|intelligence|office|"
                          r"border guards?|armed forces|military|command)\b", _I)
_NATIONALITY = re.compile(r"\b(?:(?P<adj>Russian|Belarusian|Belarussian|Ukrainian)|(?P<country>Russia|Belarus|Ukraine)(?:['’]s?)?)\b")
_NATIONS = {"Russian": "Russian", "Russia": "Russian", "Belarusian": "Belarusian", "Belarussian": "Belarusian",
            "Belarus": "Belarusian", "Ukrainian": "Ukrainian", "Ukraine": "Ukrainian"}
_TITLES = {"Gen", "Gen.", "General", "President", "Minister", "Prime", "Foreign", "Defence", "Defense", "Secretary",
           "Colonel", "Col.", "Lt", "Lt.", "Major", "Chancellor", "Ambassador", "Mr", "Mr.", "Ms", "Ms.", "Belarusian",
           "Russian", "Ukrainian", "US", "U.S.", "UK", "British", "French", "German", "NATO", "Nato", "dictator", "leader"}
_HEADLINE_SOURCE = re.compile(r"\s[-–—]\s(?P<actor>[A-Z][^-–—.]{3,60})$")


_INVERTED = re.compile(rf"[,”\"]\s*{_NAMING}(?:{_SAID_VERBS})\s+(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'.-]*)*"
                       rf"(?:,\s+(?:the\s+)?[a-z][\w’' -]{{2,40}})?)\s*(?:[.,;:!?]|$)")


# "…," Lukashenko was quoted as saying (by the BelTa news agency).
_WAS_QUOTED = re.compile(r"(?:^|[,”\"]\s*)(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|he|she|they)\s+(?:was|were|is|are)\s+"
                         r"(?:quoted|cited)\s+(?:by\s+[^,.]+?\s+)?as\s+say(?:ing)?\b")
_QUOTED_AS = re.compile(r"\b(?:quoted|cited)\s+(?P<actor>(?:the\s+)?(?:[A-Za-z][\w’'.-]*\s+){0,4}?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*)"
                        r"\s+as\s+say(?:ing)?\b")
# "But the West remains fearful of an attack, saying it has yet to see …": the subject is the speaker.
_SAYING = re.compile(r"^(?:But\s+|And\s+|Still,\s+|However,\s+)?(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*)"
                     r"\s[^,;]{3,160},\s+(?:saying|adding|warning|insisting|claiming|arguing|noting|stressing|calling|describing|dubbing|branding)\b")
# A headline or crosshead "Lukashenko: Belarus will …", "White House: Drills are …".
_HEADLINE_SPEAKER = re.compile(r"^(?P<actor>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}):\s+\S")
# "Belarus Says 'Not a Single' Russian Soldier Will Stay": a headline's verbs are capitalised.
_HEADLINE_SAYS = re.compile(r"^(?P<actor>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}?)\s+(?:Says|Said|Warns|Denies|Claims|Insists|Confirms|Announces)\b")


def _speaker(sentence: str) -> str | None:
    """Who the sentence says is speaking ("X said", "according to X", "…, said X"), or None."""
    sentence = _ASIDE.sub("", sentence)  # "Western officials, however, fear …"
    feared = _GROUP_FEARS.match(sentence)
    if feared:
        return _clean_actor(feared.group("actor"))
    quoted = _QUOTED_AS.search(sentence) or _WAS_QUOTED.search(sentence)  # "RIA quoted Peskov as saying", "Peskov was quoted as saying"
    if quoted:
        actor = _clean_actor(quoted.group("actor"))
        if actor:
            return actor
    inverted = _INVERTED.search(sentence)  # "…, says Belarus." "…, said Alexander Lukashenko, the Belarusian leader."
    if inverted:
        actor = _clean_actor(inverted.group("actor").split(",")[0])
        if actor and not _NOT_ACTOR.match(actor):
            return actor
    for pattern in (_ACCORDING_TO, _AS_SAID):
        match = pattern.search(sentence)
        if match:
            actor = _clean_actor(match.group("actor"))
            if actor and not _NOT_ACTOR.match(actor):
                # "According to FT, Putin also said …": the one whose words are reported
                return _inner_speaker(sentence[match.end():]) or actor
    for match in _subject_verbs(sentence):
        subject = match.subject.strip()
        if _PREPOSITIONAL.match(subject):
            continue  # "With the West remaining on high alert over reports …": "reports" is a noun here
        if _UNNAMED.match(subject):
            return None  # "Officials have said": nobody named
        if match.verb in ("reported", "reports", "wrote", "writes"):
            inner = _inner_speaker(sentence[match.end:])
            if inner:
                return inner  # "The Financial Times reported that Putin told Macron …": the outlet relays Putin's words
        named = _APPOSED_NAME.search(sentence[: match.subject_start])
        if named and re.match(r"^(?:the|a|an|his|her|its|former|ex-|then)\b", subject) and not _TITLED_PERSON.search(subject):
            return named.group("name")  # "Vladimir Makei, the Belarusian foreign minister, said": the name, not the title
        officials = _OFFICIALS_OF.match(subject)
        if officials:
            place = officials.group("place")
            nation = _CAPITAL_NATIONS.get(place) or _NATIONS.get(place)
            return f"{nation} government" if nation else f"{place} officials"
        if _PRONOUN.match(subject):
            return subject
        ended = _NAME_AT_END.search(subject)  # "Russian leader Vladimir Putin told", "The BBC's correspondent Sarah Rainsford said"
        if ended and not _INSTITUTION.search(ended.group("name")) and not _NATIONALITY.search(ended.group("name")):
            return ended.group("name")
        if _INSTITUTION.search(subject) and not _NOT_ACTOR.match(subject):
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
    match = _SAID_BY.search(sentence)
    if match:
        actor = _clean_actor(match.group("actor"))
        if actor and not _NOT_ACTOR.match(actor):
            return actor
    headline = _HEADLINE_SOURCE.search(sentence.strip())
    if headline:
        return _clean_actor(headline.group("actor"))
    for pattern in (_SAYING, _HEADLINE_SPEAKER, _HEADLINE_SAYS):
        match = pattern.match(sentence)
        if match:
            actor = _clean_actor(match.group("actor"))
            if actor and not _NOT_ACTOR.match(actor) and actor.split()[0] not in _SUBJECT_SKIP:
                return actor
    return None


_THAT_SPEAKER = re.compile(rf"^\s*(?:this week |on \w+ |last \w+ )?that\s+(?P<actor>(?:[A-Z][\w’'.-]*\s+){{1,5}}?)"
                           rf"(?:has |had |have |also |again )*(?:{_SAID_VERBS})\b")


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


def _report_nation(text: str) -> str | None:
    near_ministry = re.search(r"\b(Russian|Belarusian|Ukrainian|Russia|Belarus|Ukraine)(?:['’]s?)?\s+(?:Defen[cs]e\s+)?[Mm]inistry", text)
    found = near_ministry or _NATIONALITY.search(text)
    if not found:
        return None
    return _NATIONS[found.group(1) if near_ministry else (found.group("adj") or found.group("country"))]


def _is_person(actor: str) -> bool:
    words = actor.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not _INSTITUTION.search(actor) \
        and not _NATIONALITY.fullmatch(words[0])


_INSTITUTION_NAMES = (
    (re.compile(r"defen[cs]e ministr|ministry of defen[cs]e|ministries of defen[cs]e|\bMoD\b", _I), "{} Ministry of Defence"),
    (re.compile(r"defen[cs]e minister", _I), "{} defence minister"),
    (re.compile(r"foreign ministry|ministry of foreign affairs", _I), "{} Foreign Ministry"),
    (re.compile(r"\b(?:government|authorities)\b", _I), "{} government"),
)


def _canonical(actor: str | None, sentence: str, nation: str | None, last_institution: str | None = None,
               text: str = "", surnames: "_Surnames | None" = None) -> str | None:
    """A speaker as a reader would name it: titles dropped from a person, an institution given its country."""
    if not actor:
        return actor
    words = actor.split()
    # "the head of the Belarusian Defense Ministry Viktor Khrenin": the person who speaks, not the ministry.
    person = re.search(r"(?:^|\s)([A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)$", actor)
    if person and len(words) > 2 and not _INSTITUTION.search(person.group(1)) and not _NATIONALITY.search(person.group(1)):
        return person.group(1)
    institution = _INSTITUTION.search(actor)
    # "Gen Viktor Khrenin", "Belarusian dictator Alexander Lukashenko": the person's name.
    if not institution and len(words) >= 3 and all(w[:1].isupper() for w in words[-2:]) and any(w in _TITLES for w in words[:-2]):
        return " ".join(words[-2:])
    holder = _title_holder(actor, text)
    if holder:
        return holder
    if len(words) == 2 and words[0] in _TITLES and words[1][:1].isupper() and not _INSTITUTION.search(words[1]):
        words, actor, institution = words[1:], words[1], None  # "Minister Khrenin", "President Putin": the surname, then the full name
    if len(words) == 1 and not institution:
        return _full_name(actor, surnames or _Surnames(text))
    for pattern, form in _INSTITUTION_NAMES:
        if pattern.search(actor):
            own = _NATIONALITY.search(actor)
            if not own and last_institution and pattern.search(last_institution):
                return last_institution  # "the ministry said" again: the one named before
            found = own or _NATIONALITY.search(sentence)
            country = _NATIONS[(found.group("adj") or found.group("country"))] if found else nation
            return form.format(country) if country else actor
    return actor


_BARE_TITLE = re.compile(r"^(?:the\s+)?(?:(?P<nation>Russian|Belarusian|Belarussian|Ukrainian|Russia|Belarus|Ukraine|British|French|"
                         r"German|Polish|Lithuanian|U\.?S\.?|UK)(?:['’]s?)?\s+)?(?P<title>(?:defen[cs]e|foreign|prime|interior) minister|"
                         r"president|(?:foreign )?secretary|spokes(?:man|woman|person))$", _I)
_RANKS = r"(?:(?:Gen|General|Lt|Col|Colonel|Major|Dr|Mr|Ms|Mrs)\.?\s+)?"


def _title_holder(actor: str, text: str) -> str | None:
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


class _Surnames:
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


def _full_name(actor: str, surnames: _Surnames) -> str:
    """"Psaki told reporters": the full name the report gives the person somewhere ("Jen Psaki"), if just one."""
    if not re.fullmatch(r"[A-Z][a-z’'-]{2,}", actor) or _NATIONALITY.fullmatch(actor):
        return actor
    names = surnames.get(actor)
    return next(iter(names)) if len(names) == 1 else actor


_PLEDGE_BY = re.compile(r"\b(?:pledges?|promises?|assurances?|guarantees?|warnings?|denials?|claims?|statements?)\s+(?:by|from)\s+"
                        r"(?P<actor>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")


def _clause_claimant(clause: str, sentence_actor: str | None) -> str | None:
    """The clause's own "… by France" wins; a hedged or passive clause has no claimant unless it names one."""
    own = _BY_ACTOR.search(clause.rstrip())
    if own and re.search(r"\b(?:dubbed|called|described|labell?ed|branded|criticised|criticized|condemned|announced|reported)\b", clause, _I):
        actor = _clean_actor(own.group("actor"))
        if actor:
            return actor
    pledge = _PLEDGE_BY.search(clause)  # "despite earlier pledges by Moscow that they would return to base"
    if pledge:
        actor = _clean_actor(pledge.group("actor"))
        if actor:
            return actor
    if _HEDGED.search(clause.lower()):
        return None
    return sentence_actor


def _clean_actor(actor: str) -> str | None:
    actor = actor.strip(" ,.;:“”\"'")
    # "The U.S. and EU said", "Lukashenko and the Ministry of Defense promised": the first named speaks for both.
    actor = re.split(r"\s+and\s+(?=(?:the\s+)?[A-Z])", actor, maxsplit=1)[0]
    # "Mr. Putin and top Russian military officials": the named person first
    actor = re.sub(r"^((?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+|[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)\s+and\s+[a-z].*$", r"\1", actor)
    actor = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+(?=[A-Z])", "", actor)
    actor = re.sub(r"^(?:the|The)\s+", "", actor)
    actor = re.sub(r"\s+(?:and|of|the|for)$", "", actor)
    words = actor.split()
    if not words or len(words) > 12:
        return None
    return actor
