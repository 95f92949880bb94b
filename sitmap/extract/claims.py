"""Claims in a report: what each says (type), who says it, the stance, and any quantity.

Rules, not a model: a clause is a claim when it speaks of the exercise, of
troops or weapons, of an attack or invasion, of demands about troops, of how
an actor sees the drills, or of a border's length. A sentence is cut into
clauses at "which", "while", "but", semicolons and the like, so "The drills,
which are estimated to be Russia's largest deployment …, were dubbed a violent
gesture by France" yields two claims. Who says each comes from
``attribution``; a subordinate clause is the outlet's own voice unless it names
its speaker ("…, who complained that …" goes to whoever it hangs on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data.sentences import Sentence
from .actors import INSTITUTION, ROLE, People, Surnames, canonical, is_person, report_nation, title_holder
from .attribution import PERSONAL_PRONOUN, PRONOUN, SAID_VERBS, card_speakers, clause_claimant, quotation_speakers, speaker
from .lowercase import keyword_pattern, lowercase_pattern
from .quantities import Quantity, find_quantities

CLAIM_TYPES = ("troop_count", "troop_deployment", "invasion_intent", "invasion_risk", "exercise_location",
               "exercise_activity", "characterization", "withdrawal_demand", "geographic_fact", "other")

_I = re.IGNORECASE


def _keywords(source: str) -> re.Pattern:
    """The rules' yes/no patterns read lower-cased text (see ``lowercase``); no offset depends on them."""
    return keyword_pattern(source)

_EXERCISE = _keywords(r"\b(?:exercises?|drills?|manoeuvres?|maneuvers?|war games|wargames|Allied Resolve|Union Resolve|training|military games|"
                       r"(?:readiness|combat readiness|snap) (?:check|inspection)s?|inspections? of (?:the )?(?:troops|forces|readiness)|"
                       r"(?:response|reaction) forces|"
                       r"(?<!any )(?<!every )(?<!worst-case )(?<!possible )scenario|legend (?=implies|envisages|assumes|provides|foresees|of the))\b")
_TROOPS = _keywords(r"\b(?:troops?|soldiers?|serviceman|servicemen|(?:the|a|this|that)\s+force\b|(?:the|russian|belarusian|ukrainian)\s+military(?!\s+(?:exercise|drill|manoeuv|maneuv|game|training|activit|district|alliance|expert|analyst|source|official|spokes|attach))|personnel|forces|units|battalions?|brigades?|tanks|armou?red vehicles|"
                     r"vehicles|equipment|weapons|missiles?|S-400|Iskander|jets|aircraft|warplanes|helicopters|military hardware|contingent|"
                     r"paratroop\w*|marines|bombers|fighters|artillery|howitzers|rocket launchers|air defen[cs]e systems?|field hospitals?|spetsnaz|"
                     r"warships?|(?:landing |naval )?(?:ships|vessels)|divisions?|regiments?|battalion tactical groups?|btgs?|combat power)\b")
# "Satellite images show large-scale Russian military activity persisting near Ukraine's borders": a deployment,
# unless the clause is about the exercise ("… to continue the drills due to increased military activity near the borders").
_MILITARY_ACTIVITY = _keywords(r"\b(?:military|significant|new|increased|unusual|large-scale)\s+(?:new\s+|military\s+)?activit(?:y|ies)\s+"
                               r"(?:[\w-]+\s+){0,4}?(?:in|near|along|at|around|close to|across)\b")
_MOVE = _keywords(r"\b(?:deploy\w*|redeploy\w*|arriv\w*|mov(?:e|ed|es|ing)|sent|send\w*|station\w*|amass\w*|mass(?:ed|ing)|build-?up|"
                   r"buil(?:t|ding) up|gather\w*|concentrat\w*|transferr?\w*|relocat\w*|stay\w*|remain\w*|withdraw\w*|pull\w* (?:out|back)|"
                   r"return\w*|remov\w*|leav\w*|left|keep\w*(?!\s+(?:an?\s+)?(?:close\s+|watchful\s+)?eye)|kept|surround\w*|encircl\w*|go(?:es|ing)? home|went home|load(?:ed|ing|s)?\b|march(?:ed|es|ing)?\b|positioned|near|along|close to|closer|throw\w*|dispatch\w*|rush\w*|"
                   r"reinforc\w*|pour\w*|bring\w*|brought|ferr(?:y|ied|ying)|airlift\w*|order(?:ed|s)?\s+(?:\w+\s+){0,3}into|"
                   r"land(?:ed|ing|s)|spotted|seen|observed|presence|enter(?:ed|ing|s)?|cross(?:ed|es|ing)?|advanc\w*|moving (?:toward|towards|on|into)|flew|fl(?:y|ies|ying)|patroll?\w*|set up|host(?:s|ed|ing)?|install\w*|unload\w*|"
                   r"pull\w*\s+(?:\w+\s+){1,3}(?:out|back)|take part|taking part|took part|participat\w*|increas\w*|array\w*|poised|escort\w*|grow(?:s|ing|n)?|grew|ris(?:e|es|ing|en)|(?:going|go|goes) up|swell\w*)\b")
# "Repelling external aggression" is the drills' own scenario, not an invasion: "aggression" is no trigger.
_INVASION = _keywords(r"\b(?:invad\w*|invasion|(?<!ground )(?<!ground-)attack(?!\s+(?:and\s+\w+\s+)?(?:helicopters?|aircraft|jets?|planes?|"
                      r"drones?|submarines?|vehicles?))\w*|assault(?!\s+(?:rifles?|helicopters?|ships?|vehicles?))|offensive|incursion|war against|pretext|"
                      r"(?:impending|imminent|looming|coming|full-scale) (?:conflict|war)|aggression against ukraine|consequences\b[^.]{0,30}\b(?:war|attack|invasion|incursion|aggression)|(?:special|military) operation (?:in|against) ukraine|"
                      r"(?:take|taking|took|takes) part in (?:the |an? )?(?:military |special )?(?:operation|offensive|attack|invasion|hostilities)|"
                      r"(?:directed|aimed|targeted)\s+(?:against|at)\s+(?:ukraine|kyiv|anyone|any country|third countries|its neighbou?rs)|"
                      r"(?:will|would|shall|ready to|prepared to)\s+(?:\w+\s+)?fight|wants?\s+(?:a\s+)?war|threats?\s+(?:to|against)\s+ukraine)\b")
_INTENT = _keywords(r"\b(?:plans? (?:an?|the) (?:invasion|attack|assault|offensive)|decision to (?:invade|attack)|"
                    r"decided to (?:invade|attack)|go-ahead|green light|order(?:ed|s)? (?:an? |the )?(?:invasion|attack)|intention|intend\w*|pretext|directed|aimed|targeted|fight|wants?\s+(?:a\s+)?war|plan(?:s|ned|ning)? to|planning|no plans|want\w* to|aims? to|seek\w* to|preparing to|prepare)\b")
_SITES = _keywords(r"\b(?:training (?:grounds?|areas?|ranges?)|ranges|polygons?|airfields|take place|taking place|took place|"
                   r"(?:held|hosted)\s+(?:at|in|on|along|near)|along the (?:\w+[- ])?(?:\w+ )?border)\b")
_WHEN = _keywords(r"\b(?:from \d|until|till|to \d|\d{1,2} (?:feb|february)|(?:feb|february)\.? \d|days?|weeks?|beg[ia]n|begun|start\w*|"
                  r"end(?:s|ed|ing)?|launch\w*|extend\w*|continu\w*|prolong\w*|complet\w*|purpose|aim|goal|objective)\b")
_LOCATION = _keywords(r"\b(?:take place|taking place|took place|held|hosted|host|at the|training grounds?|ranges?|polygons?|"
                       r"airfields?|air ?bases?|sites?|along|near|in the (?:south|west|north|east))\b")
_ACTIVITY = _keywords(r"\b(?:beg[ia]n|begun|start\w*|kick\w* off|launch\w*|last\w*|until|continu\w*|extend\w*|prolong\w*|end\w*|"
                       r"finish\w*|complet\w*|practi[cs]\w*|rehears\w*|train\w*|drill\w*|aim\w*|purpose|goal|scenario|"
                       r"repel\w*|defen[cs]ive|counter\w*|stage|phase|days?|weeks?)\b")
_CHARACTER = _keywords(r"\b(?:dubbed|described|call(?:ed|s|ing)? (?:it|them|the)|called|characteri[sz]\w*|labell?ed|branded|"
                        r"gesture|provocation|pressure|psychological|dress rehearsal|rehearsal for|cover for|smokescreen|skeptic\w*|sceptic\w*|unconvinced|"
                        r"blackmail|show of force|signal|message|defensive(?! operation)|routine|"
                        r"purely|escalation|fear-?mongering|scaremongering|hysteria|propaganda|concerns? (?:over|about)|concerned (?:over|about|by)|justif\w*|tightening grip|escalatory|de-?escalatory|alarming|dangerous|destabili[sz]\w*|threat to|"
                        r"(?:raised|raising|raises|sparked|sparking|fuell?ed|stoked) (?:concerns?|fears|alarm|worries)|"
                        r"pos(?:e|es|ed|ing)\s+(?:a\s+|an\s+|no\s+)?(?:\w+\s+)?threat|no reason to (?:worry|fear|panic|be (?:concerned|alarmed|worried))|"
                        r"(?:sees?|views?|viewed|regards?|regarded|dismiss\w*)\s+(?:[\w’'-]+\s+){1,8}as\s+(?!well\b|part\b|of\b|soon\b|long\b)\w+)\b")
_DEMAND = _keywords(r"\b(?:withdraw\w*|pull\w*\s+(?:\w+\s+){0,3}?(?:back|out)|de-?escalat\w*|remove|leave)\b")
_DEMAND_VOICE = _keywords(r"\b(?:should|must|urge\w*|call\w* on|calls? for|demand\w*|insist\w*|need to|ask\w*)\b")
_BORDER_LENGTH = _keywords(r"\bborders?\b")
_OFF_TOPIC = _keywords(r"\b(?:election\w*|protest\w*|opposition|riots?|Union State|membership|talks|summit|meeting|met with|"
                        r"phone call|visit\w*|negotiat\w*|sanctions?)\b")

_DENY = _keywords(r"\b(?:den(?:y|ies|ied|ying)|(?:is|are|was|were|do|does|did|has|have)n['’]t\s+(?:plan|intend|going|prepar)\w*|"
                  r"neither|nobody|no one|no (?:immediate |direct |real |military )?threats?|play(?:ed|s|ing)? down|downplay\w*|"
                  r"(?:would|will|does|do|did) not (?:allow|permit)|won['’]t (?:allow|permit)|no reason to (?:worry|fear|panic|be (?:concerned|alarmed|worried))|(?:does|do|did) not (?:indicate|see|show|expect|believe|think)|"
                  r"no (?:sign|indication|evidence)s? of|no intention|not (?:plan|intend|going)\w*|no plans|rejected|reject\w*|dismiss\w*|"
                  r"refut\w*|has no|have no|never|not (?:taking|take|took) part|no part in|not (?:involved|participating)|will not participate|not (?:\w+ )?enough to|too (?:few|small|weak) to)\b")
_WARN = _keywords(r"\b(?:warn\w*|may|might|could|threat\w*|fear\w*|concern\w*|worr\w*|risk\w*|imminent|any (?:time|day|moment)|"
                   r"possible|likely|danger\w*|if)\b")


def find_claims(text: str, sentences: list[Sentence]) -> list[dict]:
    claims: list[dict] = []
    last_actor: str | None = None
    last_person: str | None = None
    last_institution: str | None = None
    previous_exercise = previous_troops = previous_invasion = False
    exercise_list = False
    # A ministry named without its country ("the Defense Ministry said") is the one the report is about:
    # the first nationality its text names beside a ministry, or the first it names at all.
    nation = report_nation(text)
    people = People()
    surnames = Surnames(text)
    quoted_by = card_speakers(sentences, text)
    quoted_by.update(quotation_speakers(sentences))
    for sentence in sentences:
        def named(actor: str) -> str:  # an actor as a reader would name it, in this sentence of this report
            return canonical(actor, sentence.text, nation, last_institution, text, surnames)

        # "Mr. Lukashenko, who has moved closer to the Kremlin, said …": the speaker is read past the relative clause.
        without_relatives = _RELATIVE.sub(",", sentence.text) if ", wh" in sentence.text else sentence.text
        actor = (without_relatives != sentence.text and speaker(without_relatives)) or speaker(sentence.text)
        attributed = actor is not None  # the sentence names who speaks ("X said", "according to X")
        actor = actor or quoted_by.get(sentence.index)
        if actor and ROLE.match(actor):
            # "the minister said", "the Lithuanian leader warned": the person last named in that role
            actor = (title_holder(actor, text) or people.by_role(actor, last_actor)
                     or (last_actor if PRONOUN.match(actor) else actor))
        if actor and PERSONAL_PRONOUN.match(actor):
            actor = people.resolve(actor, last_person) or last_actor
            if actor and is_person(actor):
                last_person = actor
        elif actor and PRONOUN.match(actor):
            actor = last_actor
        elif actor:
            actor = named(actor)
            last_actor = actor
            if is_person(actor):
                last_person = actor
            elif INSTITUTION.search(actor):
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
        context_invasion, previous_invasion = previous_invasion, bool(_INVASION.search(lowered))
        # "The following actions will be worked out during the exercise:" announces a list; its items are the claims.
        item_of_exercise_list = bool(_LIST_ITEM.match(sentence.text)) and exercise_list
        if sentence.text.rstrip().endswith(":"):
            exercise_list = names_exercise
            if _LIST_INTRO.search(sentence.text):
                continue
        elif not _LIST_ITEM.match(sentence.text):
            exercise_list = False
        clauses = _clauses(sentence)
        for clause in clauses:
            quantities = find_quantities(clause.typed)
            kind = (_claim_type(clause.typed, quantities, context_exercise, (previous_invasion, names_exercise, previous_troops),
                                context_troops, lowered)
                    or ("exercise_activity" if item_of_exercise_list else None))
            if kind is None and clause.subordinate and _WHICH.match(clause.text) and _ACTIVITY.search(clause.typed.lower()) \
                    and _EXERCISE.search(sentence.text[max(0, clause.start - sentence.start - 60) : clause.start - sentence.start].lower()):
                kind = "exercise_activity"  # "Russia's joint war games in Belarus, which are meant to run until Sunday"
            if kind is None and context_invasion and _NO_SUCH.search(clause.typed.lower()):
                kind = "invasion_intent"  # "Russia says it has no such intention", after a sentence on an invasion
            if kind is None and context_troops and _THEY_MOVE.search(clause.typed.lower()):
                kind = "troop_deployment"  # "If we decide a month, they'll stay for a month": the troops of the sentence before
            if kind is None or _BARE_NAME.match(clause.text):
                continue  # "Allied Resolve 2022" alone, a heading, says nothing
            if clause.subordinate and _WHICH_OR_WHO.match(clause.text) and _SPEECH_NEXT.match(sentence.text, clause.end - sentence.start):
                continue  # "Maxar Technologies, which has been tracking the buildup for weeks, said …": who the speaker is
            quantity = _first_relevant(quantities, kind, clause.typed)
            # "Kyiv launched its own drills while President Zelensky denounced …": a clause may name its own speaker.
            own = (speaker(clause.text, clause=True)
                   if len(clauses) > 1 and (clause.start > sentence.start or clause.subordinate) else None)
            if own and (PRONOUN.match(own) or PERSONAL_PRONOUN.match(own)):
                own = None
            claimant = own or clause_claimant(clause.typed, None if clause.subordinate else actor, attributed)
            if clause.subordinate and _WHO_SAID.match(clause.text):
                claimant = actor or people.before(clause.start - sentence.start, sentence.text) or last_person  # "…, who complained that …"
            if claimant is not None and claimant != actor:
                claimant = named(claimant)  # "… by France", "pledges by Moscow", a clause's own speaker
            claims.append({
                "start": clause.start,
                "end": clause.end,
                "text": clause.text,
                "claimant": claimant,
                "stance": _stance(clause.typed, kind, claimant),
                "claim_type": kind,
                "quantity": quantity.value if quantity else None,
                "qualifier": quantity.qualifier if quantity else None,
                "unit": quantity.unit if quantity else None,
            })
    return claims


_THEM = lowercase_pattern(r"\b(?:them|they|their forces|those forces|the forces)\b")  # "Washington has urged Moscow to withdraw them"
_NO_SUCH = lowercase_pattern(r"\b(?:no such (?:intention|plans?|aims?|goal)|(?:has|have) no (?:intention|plans?) (?:of|to) do so|"
                             r"(?:denies|denied|deny) (?:it|this|that|any such|such)\b)")
_THEY_MOVE = lowercase_pattern(r"\b(?:they|them|it)(?:['’]ll|\s+will|\s+would|\s+could|\s+must|\s+are|\s+have)?\s+"
                               r"(?:\w+\s+)?(?:stay|remain|leave|withdraw|return|go home|pull out)\b")
_BARE_NAME = re.compile(r"^(?:[A-Z0-9][\w’'-]*\s*){1,3}[.:]?$")
_WHICH_OR_WHO = re.compile(r"^,?\s*(?:which|who)\b")
_SPEECH_NEXT = re.compile(rf",?\s*(?:has |had |also |again |on \w+ )*(?:{SAID_VERBS})\b")
_WHICH = re.compile(r"^,?\s*which\b")
_WHO_SAID = re.compile(rf"^,?\s*(?:who|which)\s+(?:has |had |have |also |again )*(?:{SAID_VERBS}|complained|complains)\b")

_LIST_ITEM = re.compile(r"^\s*(?:[•▪◦·*–—-]|\d{1,2}[.)])\s")
_LIST_INTRO = re.compile(r"\bthe following\b[^:]*:\s*$|\b(?:as follows|include|includes|including)\s*:\s*$", _I)
_NOT_COMMA = r"(?:[^,]|(?<=\d),(?=\d{3}))"
# "As part of the drills, …" is a phrase of the main clause, not a clause of its own.
# A concession or condition ("While this could be …, it could also be …", "If …") qualifies its main clause: one claim.
_LEADING = re.compile(rf"^(?:Despite|After|Amid|Amidst|As(?! part of| a result| of | for | well as)|Since|Following|With)\b"
                      rf"{_NOT_COMMA}{{5,200}},(?!\d)\s*")
_TRAILING = re.compile(r",?\s+(?:in the midst of|amid|amidst|despite|following|as (?:fears|concerns|worries|tensions)|"
                       r"addressing (?:\w+\s+)?(?:concerns|fears|worries)|as (?=[A-Z][\w-]+ (?:shares|borders|lies|sits)\b)|as (?:[\w-]+\s+){1,3}(?:fears|concerns|worries|tensions)|"
                       r"(?<=,\s)(?:deepening|raising|fuel(?:l)?ing|stoking|heightening|sparking|adding to)\s+(?:\w+\s+)?(?:fears|concerns|worries|tensions)|"
                       r"in a (?:decision|move|step) that|in what (?:could|would|may|might|is|was) be|"
                       r"(?<=,\s)(?:just\s+|only\s+)?(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|hours?)\s+(?:after|before)\s|"
                       r"(?<=,\s)(?:though|although|even though)\s|"
                       r"(?<=,\s)(?:dismissing|rejecting|denying|insisting|accusing|warning)\s|"
                       r"as\s+(?=(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?\s+(?:warns?|warned|fears?|feared|says|said|accuses|urges|"
                       r"frets|worries)\b)|"
                       r"(?<=,\s)(?:making|representing|prompting|marking|underscoring|signalling|signaling)\s+(?:it|the|a|an|yet|another)|"
                       r"(?<=,\s)as\s+(?!well\b|part\b|many\b|much\b|long\b|soon\b|of\b|for\b|a result\b|such\b|if\b)"
                       r"(?=(?:the|its|their|his|her|a|an|[A-Z][\w’'-]*)\s+\S+\s+\S+))\b.*$", _I)
_RELATIVE = re.compile(rf",\s*(?:which|who|whose)\b{_NOT_COMMA}{{5,200}}?(?:,(?!\d)|[.!?]?$)")
_THAT_SPEAKER = re.compile(rf"\s+that\s+(?=(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*)?\s+(?:fear|fears|feared|say|says|said|believe|believes|"
                       rf"warn|warns|claim|claims)\b){_NOT_COMMA}{{5,200}}?(?:,(?!\d)|[.!?]?$)")
_TRAILING_LOWER = lowercase_pattern(_TRAILING.pattern)  # the same on lower-cased text, about three times as fast
# "…, dismissing warnings that …": a participle of speech goes on in the subject's own voice.
_SPEAKING_ON = re.compile(r",?\s+(?:dismissing|rejecting|denying|insisting|accusing|warning)\s")
# "… were scheduled to end and will add to western fears …": a second predicate with its own auxiliary is a claim of its own.
# Written with shared beginnings (";", ",", white space) so that most positions fail at their first character.
_COORDINATE = re.compile(r";\s+|,?\s+(?:(?:but|while|whereas)\s+|and\s+(?=that\s))"
                         r"|\s+(?:[—–-]\s+(?!\d)|and\s+(?=(?:will|would|could|has|have)\s+(?!been\b)[a-z]|(?:accuses|accused|says|said|warns|"
                         r"warned|insists|insisted|denies|denied|dismisses|dismissed|calls|called)\s))")


# A newsletter's run-in label: "Why it matters:", "What to watch:", "Driving the news:", "Context:".
_RUN_IN_LABEL = re.compile(r"^(?:[•▪◦·*–—-]\s*)?(?:[A-Z][a-z]+(?:\s+[a-z]+){1,4}|Context|Background|Flashback|Details|Analysis|Update|Yes, but)"
                           r":\s+(?=\S)")


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
    label = _RUN_IN_LABEL.match(text)
    if label and pieces and not INSTITUTION.search(label.group(0)):
        pieces[0] = (label.end(), pieces[0][1])  # "What to watch: Russia has said …": the label is the outlet's signpost
    for s, e in pieces:
        lead = _LEADING.match(text[s:e])
        if lead:
            _add(clauses, text, base, s, s + lead.end(), subordinate=True)
            s += lead.end()
        piece = text[s:e].lower()
        trail = (_TRAILING_LOWER if len(piece) == e - s else _TRAILING).search(piece if len(piece) == e - s else text[s:e])
        # "The drills come amid …" says nothing without its tail: split only a main clause of four words or more.
        if trail and trail.start() > 12 and len(text[s : s + trail.start()].split()) >= 4:
            # "…, dismissing Western warnings that …": the subject's own words go on, so the clause keeps its speaker
            _add(clauses, text, base, s + trail.start(), e, subordinate=not _SPEAKING_ON.match(text, s + trail.start()))
            e = s + trail.start()
        typed = text[s:e]
        relatives = list(_RELATIVE.finditer(text[s:e])) if "," in text[s:e] and "wh" in text[s:e] else []
        if " that " in text[s:e]:
            relatives += _THAT_SPEAKER.finditer(text[s:e])  # "… exercises that Western governments fear could be …"
        for relative in relatives:
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
_EXERCISE_AS_TIME = _keywords(r"\b(?:since|after|before|until|ahead of)\s+(?:the\s+)?(?:beginning|start|end|launch|completion)\s+of\s+"
                               r"(?:the\s+)?(?:joint\s+)?(?:military\s+)?(?:exercises?|drills?|manoeuvres|maneuvers)\b")

# "Lukashenko, Putin to review Allied Resolve exercise": a leaders' programme is scheduling, not a claim about the drills.
# Attachés visiting the drills, like a meeting's agenda, are readouts of diplomacy, not claims about the drills.
_QUESTION = re.compile(r"^(?:what|how|why|who|when|where|which|will|would|is|are|can|could|does|do)\b")
_READOUT = _keywords(r"\battach[eé]s?\b[^.]*\b(?:visit|observ|attend|host|watch)\w*|\b(?:visit|observ|attend|host|watch)\w*\b[^.]*\battach[eé]|\b(?:were|was|are|is|be|been)\s+discussed\b|\bdiscussed\s+(?:at|during|in)\s+(?:a|the)\s+(?:meeting|call|talks)\b")
_OWN_DRILLS = _keywords(r"\b(?:ukraine|kyiv|kiev|ukrainian forces)\b[^.]{0,40}\b(?:its|their) own\b[^.]{0,30}\b(?:drills|exercises|war games|manoeuvres|maneuvers)\b")
_LEADERS_VISIT = _keywords(r"\b(?:to|will|would|shall)\s+(?:\w+\s+)?(?:review|visit|watch|observe|inspect|attend)\b")


_REPEL = _keywords(r"\b(?:repel\w*|repuls\w*|counter(?:ing|ed|s)?|defen[cd]\w*\s+against|respond\w*\s+to|scenarios?\s+of)\s+(?:an?\s+|the\s+)?"
                   r"(?:[\w-]+\s+){0,2}(?:attack|aggression|invasion|offensive|incursion)\b")
# "The troops will practice manoeuvres to strengthen the border": what forces rehearse is the exercise's activity.
_DRILLING = _keywords(r"\b(?:flights?|flew|sorties?|air patrols?|practi[cs]\w*|rehears\w*|work(?:ed|ing)? out|hon(?:e|ed|ing)|master\w*|simulat\w*|train(?:s|ed|ing)?)\b")
# Words that characterise the crisis wherever they stand ("denounced … as psychological pressure").
_STRONG_CHARACTER = _keywords(r"\b(?:fear-?mongering|scaremongering|hysteria|propaganda|threat to (?:\w+ )?(?:security|peace|stability|ukraine|europe|the region)|dress rehearsal|rehearsal for|cover for|smokescreen|pos(?:e|es|ed|ing)\s+(?:a\s+|an\s+|no\s+)?(?:\w+\s+)?threat|psychological (?:pressure|warfare)|dangerous moment|provocation|blackmail|show of force|violent gesture|saber-rattling|sabre-rattling)\b")
# "Neither country has disclosed the number of troops", "did not say how long": a statement that information is missing.
_MISSING_INFO = _keywords(r"\b(?:did|does|do|has|have|had)\s+not\s+(?:say|said|disclose|disclosed|divulge|divulged|specify|specified|reveal|revealed|"
                          r"give|given|made|make|offered|offer|provided|provide|set|announced|named)\b|\b(?:neither|no one|nobody)\b[^.]*\b(?:disclosed|revealed|divulged)\b|"
                          r"\b(?:it is|it was|it remains)\s+(?:unknown|unclear|not known|not clear)\b|\bno certainty\b")
# "the biggest staged by Russia since the Cold War": the deployment's scale, told without a number.
_SINCE_COLD_WAR = _keywords(r"\b(?:biggest|largest)\b[^.]{0,60}\bsince the (?:end of the )?cold war\b")
_DEPLOYMENT = _keywords(r"\b(?:deployments?|build-?ups?|buildups?|military presence|withdrawals?|pull-?backs?|pull-?outs?|nuclear weapons|"
                         r"nuclear arms|(?:military|air) bases?|springboard|launch ?pad|staging (?:ground|area)|bridgehead|pontoon(?: bridges?| crossings?)?|push(?:es|ed)? (?:on|towards?|into)|"
                         r"advanc\w* (?:on|towards?|into))\b")
# "Ukraine Warns of Russian Troops in Belarus": a warning about troops is about their deployment.
_WARNS_OF = _keywords(r"\bwarn\w*\s+(?:of|about|over)\b")
_DISTANCE_FROM = _keywords(r"\b(?:km|kilometres?|kilometers?|miles?)\s+(?:\(\d+ (?:miles|km)\)\s+)?(?:from|away|north|south|east|west|"
                           r"of|off|inside|within|short)\b")
_LONG = _keywords(r"\b(?:long|length)\b")
# "Belarus … borders both Ukraine and Russia", "which lies north of Ukraine": where a country is, which the map shows.
_BORDERS_VERB = _keywords(r"\b(?:borders|bordering)\s+(?:both\s+|on\s+)?(?!of\b|the\b|with\b|and\b|to\b|in\b|near\b|along\b|are\b|is\b|were\b)[a-z]+"
                          r"|\b(?:lies|is|sits)\s+(?:directly\s+|just\s+)?(?:north|south|east|west)\w*\s+of\b")
_STRETCH = _keywords(r"\b(?:long|length|lengthy|stretch\w*|shares?)\b")


def _claim_type(clause: str, quantities: tuple[Quantity, ...], context_exercise: bool = False,
                in_sentence: tuple[bool, bool, bool] = (True, True, True), context_troops: bool = False,
                sentence: str = "") -> str | None:
    """The clause's claim type, or None. ``in_sentence`` says whether its whole (lower-cased) ``sentence`` speaks of an
    invasion, the exercise and troops at all: a clause cannot where its sentence does not, and a clause that is its
    whole sentence says just what the sentence does, which spares most clauses three searches."""
    clause = _EXERCISE_AS_TIME.sub(" ", clause.lower())
    # Each rule reads the clause once however many branches ask; the rules most branches need are read up front.
    # (Plain locals, not a memo: this runs for every clause of every report, see bench/extraction.py.)
    if clause == sentence:
        invasion, exercise, troops = in_sentence
    else:
        invasion = in_sentence[0] and _INVASION.search(clause) is not None
        exercise = in_sentence[1] and _EXERCISE.search(clause) is not None
        troops = in_sentence[2] and _TROOPS.search(clause) is not None
    if _NOT_A_CLAIM.search(clause):  # one search for the rare clauses the next rules drop
        if _OWN_DRILLS.search(clause):
            return None  # "Ukraine has launched its own war games": not the drills this map is about
        if _LEADERS_VISIT.search(clause) and not (troops or invasion):
            return None
        if _MISSING_INFO.search(clause):
            return None  # what is not known is no claim
        if _READOUT.search(clause):
            return None  # "The reasons for the drills were discussed at a meeting": what a meeting covered, not what anyone said
        if _OFF_TOPIC.search(clause) and not (troops or invasion or exercise):
            return None
    if clause.endswith("?") and _QUESTION.match(clause):
        return None  # a subheading's question
    border = "border" in clause and _BORDER_LENGTH.search(clause) is not None
    if any(q.unit in ("km", "miles") for q in quantities) and (_LONG.search(clause) or (
            border and not ((troops or _DEPLOYMENT.search(clause)) and _DISTANCE_FROM.search(clause)))):
        # A border's length, or how far it is from Kyiv; "armour … about 25 km from the border" places the armour.
        return "geographic_fact"
    if (troops or "border" in clause or (context_troops and _THEM.search(clause))) and _DEMAND.search(clause) and _DEMAND_VOICE.search(clause):
        return "withdrawal_demand"
    if invasion and not (exercise and _REPEL.search(clause)):
        if _REPEL.search(clause) and "ukrain" in clause:
            return None  # "Ukrainian forces repelled an attack near Chernihiv": the fighting itself, not a claim for this map
        if _INTENT.search(clause) or _DENY.search(clause) or _UNDER_WAY.search(clause):
            return "invasion_intent"
        return "invasion_risk"
    if any(q.unit in ("troops", "soldiers", "servicemen", "tanks", "vehicles", "aircraft") for q in quantities):
        return "troop_count"
    if _SINCE_COLD_WAR.search(clause):
        return "troop_deployment"  # "NATO has described the drills as Russia's biggest deployment … since the Cold War"
    if (exercise or context_exercise or _STRONG_CHARACTER.search(clause)) and _CHARACTER.search(clause):
        return "characterization"
    if (_DEPLOYMENT.search(clause) or (troops and (_MOVE.search(clause) or _WARNS_OF.search(clause)))
            or (not exercise and _MILITARY_ACTIVITY.search(clause))):
        return "troop_deployment"
    drilling = troops and _DRILLING.search(clause) is not None
    if exercise or drilling:
        if _SITES.search(clause) and not _WHEN.search(clause):
            return "exercise_location"  # "The actions are held at the training grounds …"
        if drilling or _ACTIVITY.search(clause) or _DRILLING.search(clause) or _WHEN.search(clause):
            return "exercise_activity"
        return "exercise_location" if _LOCATION.search(clause) else "exercise_activity"
    if (border and _STRETCH.search(clause)) or _BORDERS_VERB.search(clause):
        return "geographic_fact"
    return None


# The unions of rules above that rarely fire, tried first as one search each.
_NOT_A_CLAIM = re.compile("|".join(f"(?:{p.pattern})" for p in (_LEADERS_VISIT, _MISSING_INFO, _READOUT, _OFF_TOPIC, _OWN_DRILLS)))


_TIME_OFFSET = re.compile(r"\s+(?:ahead|before|after|earlier|later|ago|prior)\b")


def _first_relevant(quantities: tuple[Quantity, ...], kind: str, clause: str = "") -> Quantity | None:
    # "… remove its forces once the 10-day exercise …": a deployment is counted in troops or the distance moved, not in days.
    wanted = {"geographic_fact": ("km", "miles"),
              "troop_deployment": ("troops", "soldiers", "servicemen", "vehicles", "tanks", "aircraft", "km", "miles")}.get(kind)
    for quantity in quantities:
        if quantity.unit == "days" and _TIME_OFFSET.match(clause, quantity.end):
            continue  # "one day ahead of the drills, expected to last 10 days": the drills last ten days
        if wanted is None or quantity.unit in wanted:
            return quantity
    return None


_HARM_AHEAD = _keywords(r"\b(?:will|would|could|may|might) (?:lead to|cause|trigger|provoke|result in|bring)\b.*\b(?:escalat\w*|war|conflict|"
                         r"tension\w*|attack\w*|invasion|instability)\b")


# "… fuel concerns Moscow is planning an invasion": a feared intent is a warning, not an assertion of the plan.
_FEARED = _keywords(r"\b(?:fear(?!-?mongering)\w*|concern\w*|worr\w*|alarm\w*|suspect\w*|suspicion\w*)\b")


# "NATO has called the drills particularly alarming", "more escalatory": a judgment that warns of danger.
_ALARM = _keywords(r"\b(?:dress rehearsal|rehearsal for|cover for|smokescreen|alarm\w*|dangerous|danger|escalatory|(?<!not a )(?<!no )threat|threaten\w*|menac\w*|provocative)\b")


_WORRY = _keywords(r"\b(?:on edge|cause for concern|of (?:particular|special|grave|serious) concern|worrying|worrisome|dangerous|"
                   r"a danger)\b")
_STANCE_WORDS = re.compile("|".join(f"(?:{p.pattern})" for p in (_HARM_AHEAD, _DENY, _FEARED, _ALARM, _WARN, _WORRY)))


_UNDER_WAY = _keywords(r"\b(?:invasion|offensive|attack|assault|war|operation)\b[^.]{0,30}\b(?:is|has|was)\s+(?:now\s+)?(?:under ?way|trending|"
                        r"entering|in its|continuing|progressing|stalled|lost|being carried out|launched)|"
                        r"\b(?:launched|began|started|begun|unleashed|announced)\s+(?:an?\s+|the\s+|its\s+)?"
                        r"(?:full-scale\s+|military\s+)?(?:invasion|offensive|attack|assault|war|special military operation)|"
                        r"\b(?:invasion|offensive|attack|assault|operation)\s+(?:has\s+)?(?:began|begun|started)\b|"
                        r"\b(?:troops|forces|army|tanks|units)\s+(?:have\s+|had\s+)?(?:attacked|invaded|struck|shelled)\b|\bprongs? of the\b")
# Those who would launch the attack: their own word on it is an assertion, anyone else's a warning.
_ATTACKER = re.compile(r"\b(?:Russia|Russian|Kremlin|Moscow|Putin|Belarus|Belarusian|Minsk|Lukashenk[oa]|Peskov|Shoig?u|Lavrov|Khrenin|Makei)",)


def _stance(clause: str, kind: str, claimant: str | None = None) -> str:
    clause = clause.lower()
    if kind not in ("invasion_risk", "invasion_intent") and not _STANCE_WORDS.search(clause):
        return "asserted"  # one search settles most claims: no word of denial, warning or fear
    if _HARM_AHEAD.search(clause) or _WORRY.search(clause):
        return "warned"
    denial = _DENY.search(clause)
    if denial and denial.group(0) == "never" and kind in ("troop_deployment", "troop_count"):
        denial = None  # "the Russian forces would never leave": a claim that they stay, not a denial
    if denial and kind in ("invasion_intent", "invasion_risk", "troop_deployment", "troop_count", "characterization"):
        return "denied"
    if _UNDER_WAY.search(clause) and not _DENY.search(clause):
        return "asserted"  # "Putin's invasion of Ukraine is trending into its third night": it is happening
    if kind == "invasion_intent" and "accus" in clause:
        return "warned"  # "Western leaders have accused Moscow of seeking a pretext to send in troops"
    if kind == "invasion_intent" and not (claimant and _ATTACKER.search(claimant)):
        return "warned"  # "Russia wants to … and then set off on the assault", in the outlet's words
    if kind in ("invasion_risk",) or (kind != "exercise_activity" and _FEARED.search(clause)) or (kind == "characterization" and _ALARM.search(clause)) or (_WARN.search(clause) and kind != "exercise_activity" and re.search(r"\bwarn", clause)):
        return "warned"
    return "asserted"

