"""The extraction engine: places resolved offline, claims with claimant, stance and quantity, every span honest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitmap.cli import main
from sitmap.extract import extract
from sitmap.extract.html_text import html_to_text
from sitmap.extract.quantities import find_quantities


def places(text: str) -> list[tuple[str, str, str]]:
    return [(p["surface"], p["name"], p["kind"]) for p in extract(text)["places"]]


def test_every_span_is_the_text_it_names(shipped):
    for source in shipped.sources.values():
        result = extract(source.text)
        for item in result["places"]:
            assert source.text[item["start"] : item["end"]] == item["surface"]
        for item in [*result["claims"], *result["sentences"]]:
            assert source.text[item["start"] : item["end"]] == item["text"]


def test_the_longest_span_wins():
    assert places("Troops gathered on the Belarusian-Ukrainian border.") == [("Belarusian-Ukrainian border", "Belarus–Ukraine border", "border")]


def test_names_are_matched_whole_never_inside_words():
    assert places("The King of Prussia mall reopened.") == []


@pytest.mark.parametrize("text, name, lat_range", [
    ("Talks in Moscow ended.", "Moscow", (55, 56.5)),
    ("Troops arrived in Brest on Monday.", "Brest", (51.9, 52.3)),
])
def test_a_shared_name_goes_to_the_storys_region(text, name, lat_range):
    found = [p for p in extract(text)["places"] if p["name"] == name]
    assert found and lat_range[0] <= found[0]["lat"] <= lat_range[1], found


def test_agreements_and_newspapers_are_not_places():
    assert places("The Minsk accords were signed in 2015, the Kyiv Post reported.") == []


def test_a_capital_speaking_for_its_government_is_metonymic():
    found = {p["surface"]: p["metonymic"] for p in extract("Moscow has said the drills are defensive. Troops flew to Minsk.")["places"]}
    assert found == {"Moscow": True, "Minsk": False}


def test_ukraines_border_is_the_belarus_line_when_the_sentence_names_belarus():
    lines = [p.get("line") for p in extract("Belarus massed troops near Ukraine's border. Russia massed troops near Ukraine's border.")["places"]
             if p["kind"] == "border"]
    assert lines == ["BLR-UKR", "UKR"]


def test_an_airfield_town_is_the_air_base_only_where_airfields_are_spoken_of():
    kinds = [p["kind"] for p in extract("Jets used the Lida airfield. Lida is a town.")["places"] if p["surface"] == "Lida"]
    assert kinds == ["airfield", "city"]


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("more than 100,000 troops", 100000, "troops", "more than"),
    ("about 30,000 soldiers", 30000, "soldiers", "about"),
    ("tens of thousands of Russian troops", 10000, "troops", "tens of thousands"),
    ("a little over 1,000 kilometres (620 miles)", 1000, "km", "more than"),
    ("a 10-day exercise", 10, "days", None),
    ("nearly 30,000 troops", 30000, "troops", "nearly"),
    ("as many as 190,000 troops", 190000, "troops", "up to"),
    ("12 Su-35 fighters", 12, "aircraft", None),
    ("a 30,000-strong contingent", 30000, "troops", None),
    ("up to 30,000 Russian service members", 30000, "troops", "up to"),
    ("30k troops", 30000, "troops", None),
    ("30,000 of its troops", 30000, "troops", None),
    ("between 169,000 and 190,000 troops", 190000, "troops", "up to"),
])
def test_quantities(text, value, unit, qualifier):
    first = find_quantities(text)[0]
    assert (first.value, first.unit, first.qualifier) == (value, unit, qualifier)


def test_a_bare_thousands_is_no_quantity():
    assert find_quantities("thousands of troops and dozens of tanks") == ()


def test_a_models_number_is_no_count():
    assert find_quantities("Su-35 fighter jets and MiG-29 fighters arrived") == ()
    assert find_quantities("one of the troops") == ()


def test_claims_carry_claimant_stance_and_quantity():
    text = ("The Russian Defence Ministry said 30,000 troops had arrived in Belarus. "
            "Russia has consistently denied any intention of invading Ukraine. "
            "There are concerns that the drills could be cover for an attack.")
    claims = extract(text)["claims"]
    by_type = {c["claim_type"]: c for c in claims}
    assert by_type["troop_count"]["quantity"] == 30000 and by_type["troop_count"]["claimant"] == "Russian Ministry of Defence"
    assert by_type["invasion_intent"]["stance"] == "denied" and by_type["invasion_intent"]["claimant"] == "Russia"
    assert by_type["invasion_risk"]["claimant"] is None, "a hedged statement has no claimant"


def test_diplomatic_scheduling_is_not_a_claim():
    assert extract("The two presidents will meet for talks in Sochi next week.")["claims"] == []


def test_html_is_read_as_text_and_its_scripts_are_dropped():
    text = html_to_text("<html><head><script>alert(1)</script></head><body><p>Troops &amp; tanks</p><scr<script>x</script>ipt></body></html>")
    assert "alert" not in text and "Troops & tanks" in text and "<" not in text


def test_the_command_line_prints_offsets_into_the_html_text(tmp_path, capsys):
    page = tmp_path / "report.html"
    page.write_text("<html><body><p>Russia sent 30,000 troops to Belarus.</p><script>steal()</script></body></html>", encoding="utf-8")
    assert main(["extract", str(page)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "steal" not in result["text"]
    for item in result["places"]:
        assert result["text"][item["start"] : item["end"]] == item["surface"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    (b"text\x00with a NUL", "binary"),
    (b"<html><script>only()</script></html>", "empty once its HTML tags are dropped"),
])
def test_bad_input_says_why_and_exits_non_zero(tmp_path, capsys, content, message):
    path = tmp_path / ("bad.html" if content.startswith(b"<html") else "bad.txt")
    path.write_bytes(content)
    assert main(["extract", str(path)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_a_missing_or_oversized_report_is_refused(tmp_path, capsys, data_copy):
    assert main(["extract", str(tmp_path / "nowhere.txt")]) == 1
    assert "missing" in capsys.readouterr().err
    data_copy.edit_config("max_source_bytes = 1_000_000", "max_source_bytes = 100")
    big = tmp_path / "big.txt"
    big.write_text("Troops moved. " * 20, encoding="utf-8")
    assert main(["extract", "--config", str(data_copy.config), str(big)]) == 1
    assert "limit is 100" in capsys.readouterr().err


def test_proposed_features_validate_once_their_source_is_stored(data_copy, shipped):
    from sitmap.extract.propose import propose

    source_id = "allied-resolve-2022"
    map_countries = {f["properties"]["iso_a3"] for f in shipped.basemap.countries["features"]}
    proposed = propose(extract(shipped.sources[source_id].text), source_id, map_countries)
    assert proposed["features"], "the seed yields candidates"
    layer = data_copy.read("deployments.geojson")
    layer["features"].extend(proposed["features"])
    data_copy.write("deployments.geojson", layer)
    dataset = data_copy.load()
    assert not dataset.problems.errors, [str(p) for p in dataset.problems.errors]
    loaded = {f.id for f in dataset.features}
    assert {f["id"] for f in proposed["features"]} <= loaded
    precisions = {f["properties"]["precision"] for f in proposed["features"]}
    assert "country" in precisions and precisions <= {"country", "generalised", "approximate"}
    assert all(f["properties"]["status"] == "claimed" for f in proposed["features"]), "the machine confirms nothing"


def test_a_claim_with_no_place_is_listed_not_mapped():
    from sitmap.extract.propose import propose

    result = propose(extract("The drills will last ten days, officials said."), "report-1")
    assert result["features"] == [] and len(result["sitmap"]["unmapped"]) == 1


def test_propose_from_the_command_line(capsys):
    assert main(["propose", "geodata/sources/allied-resolve-2022.txt", "--source", "allied-resolve-2022"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"
    assert main(["propose", "geodata/sources/allied-resolve-2022.txt", "--source", "../etc"]) == 2


def test_a_country_inside_a_title_is_no_place():
    text = ("Boris Johnson, the Prime Minister of the United Kingdom, spoke. Belarus President Alexander Lukashenko met "
            "France's Emmanuel Macron. Troops stayed in Belarus.")
    assert places(text) == [("Belarus", "Belarus", "country")]


def test_according_to_names_the_speaker_at_the_start_of_a_sentence_too():
    claims = extract("According to Western intelligence agencies, about 150,000 Russian troops are amassed near Ukraine.")["claims"]
    assert [(c["claimant"], c["quantity"]) for c in claims] == [("Western intelligence agencies", 150000)]


def claimants(text: str) -> list[str | None]:
    return [c["claimant"] for c in extract(text)["claims"]]


def test_as_x_explained_names_the_speaker_mid_sentence_and_he_goes_on_from_him():
    text = ("Vladimir Putin and Alexander Lukashenko decided to continue the drills - as Belarusian Defense Minister "
            "Viktor Khrenin explained, because of the situation in Donbas. According to him, further stages of the exercise will be worked out.")
    assert claimants(text) == ["Viktor Khrenin", "Viktor Khrenin"]


def test_she_is_the_last_woman_named_not_the_last_speaker():
    text = ("Lukashenko said the drills were defensive. Meanwhile, the Foreign Secretary of the United Kingdom, Liz Truss, met with "
            "her Russian colleague, Sergei Lavrov. She stated that Russia should withdraw its soldiers from the border.")
    assert claimants(text)[-1] == "Liz Truss"
    text_he = text.replace("She stated", "He stated")
    assert claimants(text_he)[-1] == "Sergei Lavrov"


def test_a_bare_title_is_the_holder_the_report_names():
    text = ("Defence minister says soldiers will stay after the exercises.\n\n"
            "In Belarus, defence minister, Gen Viktor Khrenin, said Russian soldiers would stay.")
    assert claimants(text) == ["Viktor Khrenin", "Viktor Khrenin"]


def test_a_feared_invasion_plan_is_a_warning():
    claims = extract("Troops stayed in Belarus, in a decision that will fuel concerns Moscow is planning an invasion.")["claims"]
    assert [(c["claim_type"], c["stance"]) for c in claims][-1] == ("invasion_intent", "warned")


def test_a_list_announced_by_the_exercise_is_claims_and_its_announcement_is_not():
    text = ("The following actions will be worked out during the exercise:\n\n"
            "  • search and destruction of sabotage groups;\n  • certain issues of post-conflict settlement.\n\n"
            "The weather was cold:\n\n  • snow fell.")
    claims = extract(text)["claims"]
    assert [c["text"] for c in claims] == ["search and destruction of sabotage groups;".rstrip(";"),
                                            "certain issues of post-conflict settlement."]
    assert {c["claim_type"] for c in claims} == {"exercise_activity"}


def test_a_leaders_visit_and_a_date_anchor_are_not_claims_about_the_drills():
    assert extract("Lukashenko, Putin to review Allied Resolve exercise")["claims"] == []
    assert extract("The situation in the Donbas has sharply deteriorated since the beginning of the exercises.")["claims"] == []
    assert extract("Russian troops will leave after the end of the exercises.")["claims"] != []


def test_a_dash_before_a_year_is_part_of_the_name():
    claims = extract("«Union Resolve – 2022» exercise started in Belarus")["claims"]
    assert [c["text"] for c in claims] == ["«Union Resolve – 2022» exercise started in Belarus"]


def test_a_quotation_of_several_sentences_belongs_to_the_speaker_named_at_its_end():
    text = ("Lukashenko spoke at the range. “They put pressure on us. Let us withdraw the troops when the exercises are over. "
            "We will make the decision,” Alexander Lukashenko added.")
    claims = extract(text)["claims"]
    assert claims and {c["claimant"] for c in claims if c["start"] > 30} == {"Alexander Lukashenko"}


def test_quoted_as_saying_and_a_headline_verb_name_the_speaker():
    assert claimants("The RIA news agency quoted Kremlin spokesman Dmitry Peskov as saying that extending the troops' stay "
                     "was not on the agenda.") == ["Dmitry Peskov"]
    assert claimants("Belarus Says 'Not a Single' Russian Soldier Will Stay After Joint Drills") == ["Belarus"]
    assert claimants("Lukashenko: Belarus will fight alongside Russia if Ukraine attacks Donbas") == ["Lukashenko"]


def test_saying_after_a_clause_makes_its_subject_the_speaker_and_alarm_is_a_warning():
    claims = extract("NATO has called Russia's drills in Belarus particularly alarming, saying they marked a dangerous moment.")["claims"]
    assert [(c["claimant"], c["stance"], c["claim_type"]) for c in claims] == [("NATO", "warned", "characterization")]


def test_a_common_noun_that_has_added_to_fears_is_no_speaker():
    assert claimants("The drills in Belarus have added to Western fears of a possible Russian invasion of Ukraine.") == [None]


def test_a_country_bordering_others_is_a_geographic_fact():
    kinds = [c["claim_type"] for c in extract("Belarus, ruled by Lukashenko since 1994, borders both Ukraine and Russia.")["claims"]]
    assert kinds == ["geographic_fact"]
    assert extract("Talks on the borders of Russia and Belarus resumed.")["claims"] == []


@pytest.mark.parametrize("text, claimant", [
    ("Vladimir Makei, the Belarusian foreign minister, said on Wednesday that all Russian troops would leave Belarus.", "Vladimir Makei"),
    ("In a statement, the Belarusian Defence Ministry said the drills would continue.", "Belarusian Ministry of Defence"),
    ("“The drills are purely defensive,” the Belarusian Defence Ministry said in a statement.", "Belarusian Ministry of Defence"),
    ("Speaking at a press conference, Vladimir Makei said the troops would leave Belarus after the drills.", "Vladimir Makei"),
    ("Officials in Kyiv said Russian troops were massing near the border.", "Ukrainian government"),
    ("Ukraine's foreign minister Dmytro Kuleba said the drills were psychological pressure.", "Dmytro Kuleba"),
    ("Dmitry Peskov reiterated that the troops would return to their bases after the exercises.", "Dmitry Peskov"),
    ("According to a statement from the Belarusian Defence Ministry, the drills will continue.", "Belarusian Ministry of Defence"),
    ("Russia has deployed 30,000 troops to Belarus, NATO Secretary General Jens Stoltenberg told a news conference.", "Jens Stoltenberg"),
    ("Western officials believe the drills could be used as cover for an attack.", "Western officials"),
    ("Jen Psaki spoke on Monday. The drills are escalatory, Psaki told reporters.", "Jen Psaki"),
])
def test_attribution_styles_name_the_speaker(text, claimant):
    assert set(claimants(text)) == {claimant}


def test_lowercased_patterns_keep_escapes_and_group_names():
    from sitmap.extract.lowercase import lowercase_pattern

    pattern = lowercase_pattern(r"(?P<Unit>Troops)\S*\b|S-400")
    assert pattern.search("30,000 troops!").group("Unit") == "troops"
    assert pattern.search("the s-400 systems") and not pattern.search("the S-400 systems"), "it reads lower-cased text only"


def test_words_grouped_by_first_letter_match_as_the_plain_alternation_does():
    import re

    from sitmap.extract.attribution import SAID_VERBS
    from sitmap.extract.lowercase import by_first_letter, keyword_pattern

    words = r"said|says|say|told reporters|told|(?:\w+ly\s+)?(?:rejected|denied)|states(?<!Baltic states)|stressed"
    assert by_first_letter(words).startswith("s(?:aid|ays|ay|tates(?<!Baltic states)|tressed)|t(?:old reporters|old)|")
    plain, grouped = re.compile(rf"\b(?:{words})\b"), re.compile(rf"\b(?:{by_first_letter(words)})\b")
    for text in ("Peskov told reporters on Monday", "the Baltic states said", "Minsk firmly rejected it", "he says so",
                 "Baltic states", "troops stayed"):
        found = lambda pattern: [(m.start(), m.end()) for m in pattern.finditer(text)]  # noqa: E731
        assert found(grouped) == found(plain), text
    assert SAID_VERBS.startswith("s(?:aid|") and keyword_pattern(r"\b(?:troops|tanks)\b").pattern == r"\b(?:t(?:roops|anks))\b"


@pytest.mark.parametrize("text, expected", [
    ("Belarus's embattled opposition has been concerned.", []),
    ("Lukashenko met a political figure of Ukraine.", []),
    ("The leaders of Russia and Belarus decided.", []),
    ("Drills of the Union State [of Russia and Belarus] began.", []),
    ("Russia's build-up went on.", [("Russia", "Russia", "country")]),
    ("Troops gathered near the Belarusian border.", []),
    ("Troops gathered on the border of Belarus.", [("Belarus", "Belarus", "country")]),
    ("Drills on Ukraine's eastern flank began.", [("Ukraine's eastern flank", "Eastern Ukraine", "region")]),
    ("The military attaché of Belarus to Ukraine visited.", []),
    ("Officials in Belarus said so on the TV channel Ukraine 24.", []),
    ("They test the readiness of the forces of Russia and Belarus.", []),
    ("A private US company said so at the Munich Security Conference.", []),
    ("Troops massed near Belarus’ border with Ukraine.", [("Belarus’ border with Ukraine", "Belarus–Ukraine border", "border")]),
    ("A hospital was added to a garrison in western Russia close to the border with Ukraine.",
     [("western Russia", "Western Russia", "region"), ("border with Ukraine", "Ukraine–Russia border", "border")]),
    ("Russia-Belarus Military Drills Extended as Ukraine Invasion Fears Intensify", [("Ukraine", "Ukraine", "country")]),
    ("Russia already has 130,000 troops along its border with Ukraine.",
     [("Russia", "Russia", "country"), ("border with Ukraine", "Ukraine–Russia border", "border")]),
    ("Ships sailed into the Sea of Azov, said the Moscow Carnegie Center.", []),
])
def test_groups_leaders_and_a_neighbourless_border_are_no_places(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Lukashenko: Belarus will fight alongside Russia if Ukraine attacks Donbas", [("invasion_intent", "asserted", "Lukashenko")]),
    ("Lukashenko indignantly rejected accusations that the maneuvers were directed against Ukraine.",
     [("invasion_intent", "denied", "Lukashenko")]),
    ("The reasons for the drills were discussed at a meeting on February 14.", []),
    ("They are throwing thousands of soldiers to our border.", [("troop_deployment", "asserted", None)]),
])
def test_commitments_rejections_readouts_and_moves(text, expected):
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in extract(text)["claims"]] == expected


def test_nobody_wanting_war_is_a_denial_and_a_second_predicate_is_its_own_claim():
    said = extract('Makei spoke. "Neither Moscow, nor Minsk, nor Kyiv" wants war, he said.')["claims"]
    assert [(c["claim_type"], c["stance"]) for c in said] == [("invasion_intent", "denied")]
    two = extract("The drills were scheduled to end on Sunday and will add to fears that Russia is planning an invasion.")["claims"]
    assert [c["text"] for c in two] == ["The drills were scheduled to end on Sunday",
                                        "will add to fears that Russia is planning an invasion."]


@pytest.mark.parametrize("text, claimant", [
    ("With the West remaining on high alert over reports of Russian activity, Moscow has begun exercises in Belarus, "
     "the Russian Ministry of Defense has announced.", "Russian Ministry of Defence"),
    ("Officials have said that the drills will strengthen border defenses.", None),
    ("Western leaders have been voicing fears for months that Russia could be planning an invasion of Ukraine.", "Western leaders"),
    ("The Financial Times reported this week that Russian President Vladimir Putin told Emmanuel Macron that troops "
     "would leave Belarus after the drills.", "Vladimir Putin"),
    ("Vladimir Putin met Macron. According to FT, Putin also said he would not take any new military initiatives, denying "
     "plans to invade.", "Vladimir Putin"),
    ("Vladimir Putin spoke. Mr. Putin and top Russian military officials have repeatedly said the deployment is an exercise.",
     "Vladimir Putin"),
    ('"The armed forces will stay as long as needed," Lukashenko was quoted as saying.', "Lukashenko"),
])
def test_more_attribution_styles(text, claimant):
    assert claimants(text)[-1] == claimant


def test_no_threat_to_ukraine_is_a_denial():
    claims = extract("Minister Khrenin assured me that there are and will be no threats to Ukraine from the territory.")["claims"]
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in claims] == [("invasion_intent", "denied", "Khrenin")]


def test_a_speaker_behind_a_relative_clause_and_they_for_the_troops():
    text = ("Mr. Lukashenko, who has moved closer to the Kremlin, said 10,000 Russian troops would stay. "
            "\"If we decide a month, they'll stay for a month.\"")
    claims = extract(text)["claims"]
    main = [c for c in claims if c["text"].startswith("Mr. Lukashenko")]
    assert main and main[0]["claimant"] == "Lukashenko" and main[0]["quantity"] == 10000
    assert claims[-1]["claim_type"] == "troop_deployment"


def test_an_attache_visiting_is_a_readout_and_a_trailing_fear_is_its_own_claim():
    assert extract("Today the military attaché of Belarus will visit the exercise held by Ukraine.")["claims"] == []
    claims = extract("Russia-Belarus Military Drills Extended as Ukraine Invasion Fears Intensify")["claims"]
    assert [c["text"] for c in claims] == ["Russia-Belarus Military Drills Extended", "as Ukraine Invasion Fears Intensify"]


def test_a_relative_clause_on_the_drills_or_a_country_is_a_claim():
    kinds = [c["claim_type"] for c in extract(
        "Putin met Lukashenko during Russia's joint war games in Belarus, which are meant to run until Sunday.")["claims"]]
    assert "exercise_activity" in kinds
    kinds = [c["claim_type"] for c in extract("Troops massed in Belarus, which shares borders with both countries.")["claims"]]
    assert "geographic_fact" in kinds


@pytest.mark.parametrize("text, claimant", [
    ("In a phone call, Russian leader Vladimir Putin told Emmanuel Macron the troops would return to base.", "Vladimir Putin"),
    ("The BBC's Eastern Europe correspondent Sarah Rainsford said the extension of the drills was a signal.", "Sarah Rainsford"),
    ("Western officials, however, fear the drills are an indicator that Russia is planning an invasion.", "Western officials"),
    ("Carl Bildt, former Swedish prime minister, told DW that Russian troops in Belarus could move on Kyiv.", "Carl Bildt"),
    ("The military drills, called Allied Resolve, began in Belarus.", None),
])
def test_names_at_the_end_of_a_subject_asides_and_no_drills_as_speakers(text, claimant):
    assert claimants(text)[0] == claimant


@pytest.mark.parametrize("text", [
    "The statement from Belarus did not say how much longer the drills might run.",
    "Neither country has disclosed the number of troops participating in the drills.",
    "It is unknown how many troops are taking part in the drills.",
    "What is the scale of the drills?",
])
def test_missing_information_and_subheading_questions_are_no_claims(text):
    assert extract(text)["claims"] == []


def test_a_count_of_troops_given_after_its_unit_and_an_accused_pretext():
    claims = extract("NATO Secretary General Jens Stoltenberg estimated the number of troops as being around 30,000.")["claims"]
    assert [(c["quantity"], c["unit"], c["claimant"]) for c in claims] == [(30000, "troops", "Jens Stoltenberg")]
    claims = extract("Western leaders have accused Moscow of seeking a pretext to send in troops.")["claims"]
    assert [(c["claim_type"], c["stance"]) for c in claims] == [("invasion_intent", "warned")]


def test_trailing_participles_and_as_clauses_are_claims_of_their_own():
    claims = extract("Russia and Belarus began drills on Thursday, as its forces continued to surround Ukraine.")["claims"]
    assert [c["text"] for c in claims] == ["Russia and Belarus began drills on Thursday", "as its forces continued to surround Ukraine."]
    kinds = [c["claim_type"] for c in extract("The drills are in Belarus, which is north of Ukraine.")["claims"]]
    assert "geographic_fact" in kinds


@pytest.mark.parametrize("text, claimant", [
    ("Russia launched what's being called its largest military exercise since the Cold War.", None),
    ("Peskov spoke. Then on Wednesday claimed that Moscow had to stage the war games to face a threat.", None),
    ("The extension of the drills was announced by Belarusian Minister of Defense Gen. Viktor Khrenin on social media.",
     "Viktor Khrenin"),
    ("An analysis by the Center for Strategic and International Studies found that Russia could invade Ukraine.",
     "Center for Strategic and International Studies"),
])
def test_passives_days_and_studies(text, claimant):
    assert claimants(text)[-1] == claimant


def test_raised_concerns_is_a_warning_and_no_certainty_is_no_claim():
    claims = extract("The timing and position of the exercise have raised concerns in Ukraine.")["claims"]
    assert [(c["claim_type"], c["stance"]) for c in claims] == [("characterization", "warned")]
    assert extract("Stoltenberg said there is no certainty about whether Russia will invade.")["claims"] == []


@pytest.mark.parametrize("text, claimant", [
    ("Belarusian dictator Alexander Lukashenko and the Ministry of Defense also promised complete withdrawal of Russian troops.",
     "Alexander Lukashenko"),
    ("It comes as the U.S. and some of its allies say they believe Putin has decided to invade Ukraine.", "U.S."),
    ("Russia holds a massive military exercise with Belarus, raising concerns in Ukraine", None),
])
def test_first_conjunct_and_no_participle_speaker(text, claimant):
    assert claimants(text)[0] == claimant


@pytest.mark.parametrize("text, claimant", [
    ("Alexander Lukashenko, speaking in Minsk, said the Russian troops would leave Belarus after the drills.", "Alexander Lukashenko"),
    ("Zelensky tweeted that the drills were psychological pressure on Ukraine.", "Zelensky"),
    ("Russian troops will stay in Belarus, its defence ministry said on Sunday.", "Belarusian Ministry of Defence"),
    ("The Kremlin's spokesman Dmitry Peskov said the troops would go home.", "Dmitry Peskov"),
])
def test_participial_asides_tweets_its_and_going_home(text, claimant):
    assert claimants(text) == [claimant]


def test_scale_since_the_cold_war_and_a_spaced_hyphen():
    claims = extract("The drills, which are the biggest staged by Russia since the Cold War, began.")["claims"]
    assert "troop_deployment" in [c["claim_type"] for c in claims]
    claims = extract("Both said the Russian forces - Moscow's biggest deployment in Belarus since the Cold War, "
                     "according to NATO - would leave.")["claims"]
    assert ("Moscow's biggest deployment in Belarus since the Cold War, according to NATO", "NATO") in [
        (c["text"], c["claimant"]) for c in claims]


def test_a_coordinate_clause_names_its_own_speaker_and_a_representative_is_a_person():
    claims = extract("Kyiv responded by launching its own exercises while President Volodymyr Zelensky denounced the drills "
                     "as psychological pressure.")["claims"]
    assert ("Volodymyr Zelensky") in [c["claimant"] for c in claims]
    text = ("The official representative of the Russian Defense Ministry Igor Konashenkov spoke. "
            "“The units have begun loading onto trains. Separate units will march on their own,” he said.")
    assert {c["claimant"] for c in extract(text)["claims"]} == {"Igor Konashenkov"}


_STAYS = "Russian troops will stay in Belarus after the drills end"


@pytest.mark.parametrize("text, claimant", [
    (f"Khrenin was quoted by Interfax as saying that {_STAYS.lower()}.", "Khrenin"),
    (f"Mark Milley, chairman of the Joint Chiefs of Staff, told reporters that {_STAYS.lower()}.", "Mark Milley"),
    (f"Russian state news agency RIA Novosti reported that {_STAYS.lower()}.", "RIA Novosti"),
    (f"In a statement, the Lithuanian foreign ministry said {_STAYS.lower()}.", "Lithuanian Foreign Ministry"),
    (f"Britain's defence ministry said {_STAYS.lower()}.", "British Ministry of Defence"),
    (f"A senior U.S. defense official said {_STAYS.lower()}.", "U.S. government"),
    (f"Western officials said {_STAYS.lower()}.", "Western officials"),
    (f"{_STAYS}, according to a statement by the Belarusian defence ministry.", "Belarusian Ministry of Defence"),
    ("Satellite images from Maxar Technologies show 100 vehicles deployed near Mozyr.", "Maxar Technologies"),
])
def test_passive_quotes_appositions_agencies_other_nations_and_images(text, claimant):
    assert claimants(text) == [claimant]


def test_a_bare_leader_is_the_one_the_report_names():
    text = f"Belarusian leader Alexander Lukashenko met Putin. {_STAYS}, the Belarusian leader said."
    assert claimants(text)[-1] == "Alexander Lukashenko"


@pytest.mark.parametrize("text, expected", [
    ("Russian paratroopers landed at the Brestsky range.", ("troop_deployment", "asserted")),
    ("Iskander missile systems were spotted in the Gomel region.", ("troop_deployment", "asserted")),
    ("Field hospitals have been set up near the border.", ("troop_deployment", "asserted")),
    ("Britain urged Russia to pull its troops back from the border.", ("withdrawal_demand", "asserted")),
    ("Kyiv sees the drills as a threat.", ("characterization", "warned")),
    ("Lavrov dismissed Western concerns about the drills as hysteria.", ("characterization", "denied")),
    ("The exercise scenario involves repelling an attack on the Union State.", ("exercise_activity", "asserted")),
])
def test_sightings_demands_views_and_a_scenarios_attack(text, expected):
    assert [(c["claim_type"], c["stance"]) for c in extract(text)["claims"]] == [expected]


@pytest.mark.parametrize("text, claimant", [
    (f"Putin, after talks with Lukashenko, said {_STAYS.lower()}.", "Putin"),
    (f"A NATO official, speaking on condition of anonymity, said {_STAYS.lower()}.", "NATO"),
    (f"But Lukashenko said {_STAYS.lower()}.", "Lukashenko"),
    (f"On Sunday, however, Khrenin announced that {_STAYS.lower()}.", "Khrenin"),
    (f"Washington and its allies fear {_STAYS.lower()}.", "Washington"),
    ("The alliance says 30,000 Russian troops are in Belarus.", "NATO"),
])
def test_asides_before_the_verb_conjunctions_capitals_fearing_and_the_alliance(text, claimant):
    assert claimants(text) == [claimant]


@pytest.mark.parametrize("text", [
    "Zelensky played down the threat of an imminent invasion.",
    "Lukashenko said Belarus would not allow its territory to be used for an attack on Ukraine.",
    "Ukraine's defence minister said the troops in Belarus posed no immediate threat.",
    "Peskov said there was no reason to worry about the drills.",
])
def test_playing_down_refusing_and_no_threat_are_denials(text):
    assert [c["stance"] for c in extract(text)["claims"]] == ["denied"]


@pytest.mark.parametrize("text, expected", [
    ("Ukraine Warns of Russian Troops in Belarus", ("troop_deployment", "warned", "Ukraine")),
    ("NATO Chief Warns Russia Could Attack From Belarus", ("invasion_risk", "warned", "NATO Chief")),
    ("Satellite images show Russian build-up in Belarus", ("troop_deployment", "asserted", None)),
])
def test_headlines_warning_of_troops_a_chief_and_a_build_up(text, expected):
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in extract(text)["claims"]] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("What to watch: Russia has said the joint exercises will end on Feb. 20 — but Western officials are skeptical.",
     [("exercise_activity", "Russia"), ("characterization", "Western officials")]),
    ("Meanwhile, Ukraine has launched its own war games near the border.", []),
    ("Russia and Belarus began drills, a day after warships arrived in Crimea for naval drills that Ukraine says will paralyze "
     "shipping.", None),
    ("The number of Russian forces is going up.", [("troop_deployment", None)]),
    ("Allied Resolve 2022", []),
])
def test_labels_own_drills_relative_speakers_growing_forces_and_bare_names(text, expected):
    found = [(c["claim_type"], c["claimant"]) for c in extract(text)["claims"]]
    if expected is None:
        assert "Ukraine" in [claimant for _, claimant in found]
    else:
        assert found == expected


def test_a_quote_cards_attribution_line_names_the_paragraph_above():
    text = ("Units will march on their own as part of military columns. The troops will return to their garrisons.\n"
            "Igor Konashenkov, spokesman for the Russian Defense Ministry\n\nThe drills continue.")
    assert [c["claimant"] for c in extract(text)["claims"]][:2] == ["Igor Konashenkov", "Igor Konashenkov"]


def test_an_outlets_account_of_an_attack_plan_is_a_warning_a_scenario_is_not():
    assert [c["stance"] for c in extract("Russia wants to respect the Olympic truce and then set off on the assault.")["claims"]] \
        == ["warned"]
    claims = extract("Officials said the drills prepare soldiers for scenarios of incursion by enemy forces.")["claims"]
    assert [c["claim_type"] for c in claims] == ["exercise_activity"]


def test_a_day_ahead_is_no_duration_and_men_are_troops_only_by_the_hundred():
    claims = extract("Gerasimov arrived one day ahead of the drills, expected to last 10 days.")["claims"]
    assert [(c["quantity"], c["unit"]) for c in claims] == [(10, "days")]
    assert [(q.value, q.unit) for q in find_quantities("the Donbass, where there are 130,000 men")] == [(130000, "troops")]
    assert find_quantities("two men were seen") == ()


def test_a_concession_stays_with_its_main_clause():
    claims = extract("While this could be a legitimate element of any large-scale exercise, it could also be a sign "
                     "of an impending conflict.")["claims"]
    assert [(c["claim_type"], c["stance"]) for c in claims] == [("invasion_risk", "warned")]


def test_a_speaker_inside_a_relative_clause_speaks_only_for_that_clause():
    claims = extract("Russia and Belarus launched their largest joint military exercises ever on Thursday, a day after six "
                     "Russian warships arrived in Crimea for naval drills that Ukraine says will paralyze shipping.")["claims"]
    assert [(c["claim_type"], c["claimant"]) for c in claims] == [("exercise_activity", None), ("troop_deployment", "Ukraine")]


def test_a_bulleted_quotation_of_two_sentences_belongs_to_its_speaker():
    text = ('• "The number of Russian forces is going up. The warning time for a possible attack is going down," '
            "NATO Secretary-General Jens Stoltenberg said Thursday.")
    assert {c["claimant"] for c in extract(text)["claims"]} == {"Jens Stoltenberg"}


@pytest.mark.parametrize("text, claimant", [
    ("The Kremlin has amassed troops near the border, according to two US officials familiar with the estimates.",
     "U.S. government"),
    ("Satellite images show a new deployment of 100 vehicles near the border, a private US company said.", "a private US company"),
    ("Western officials again sounded the alarm that Moscow is readying for an invasion as more than 150,000 troops are "
     "reportedly stationed near the border.", "Western officials"),
    ("Russia extended military drills near Ukraine's borders as President Volodymyr Zelensky said he supports a ceasefire.",
     None),
    ("According to military analysts, cited by the Washington Post, the troops are ready for an attack.", None),
])
def test_counted_officials_unnamed_companies_explicit_hedges_and_a_second_event(text, claimant):
    assert claimants(text)[0] == claimant


def test_it_comes_as_x_says_is_xs_statement():
    assert claimants("It comes as NATO says Russia has moved 30,000 troops to Belarus.") == ["NATO"]


def test_the_directional_regions_rebuild_byte_identical_and_lie_in_their_country(tmp_path):
    import importlib.util

    from shapely.geometry import Point, shape

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_directional_regions", root / "geodata" / "build_directional_regions.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(["--out", str(tmp_path / "regions.json")])
    shipped = root / "geodata" / "directional_regions.json"
    assert (tmp_path / "regions.json").read_bytes() == shipped.read_bytes(), (
        "geodata/directional_regions.json is stale: run `.venv/bin/python geodata/build_directional_regions.py` and commit it")
    outlines = {f["properties"]["iso_a3"]: shape(f["geometry"])
                for f in json.loads((root / "geodata" / "basemap" / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    for region in json.loads(shipped.read_text(encoding="utf-8"))["regions"]:
        assert outlines[region["country"]].buffer(1e-6).contains(Point(region["lon"], region["lat"])), region["name"]


@pytest.mark.parametrize("text, name", [
    ("a field hospital in north-western Belarus", "Northwestern Belarus"),
    ("troops in south-eastern Ukraine", "Southeastern Ukraine"),
    ("Russia amassed troops in eastern Ukraine", "Eastern Ukraine"),
])
def test_a_part_of_a_country_named_by_direction_is_a_region(text, name):
    assert [(p["name"], p["kind"]) for p in extract(text)["places"]][-1] == (name, "region")


def test_a_place_in_an_events_name_and_a_headline_before_a_blank_line():
    assert places("after the close of the Beijing Winter Olympics") == []
    assert ("Belarus", "Belarus", "country") in places("Russia begins exercises in Belarus and Black Sea\n\nRussia and Belarus began.")


@pytest.mark.parametrize("text, claimant", [
    ("Ukrainian Defence Minister Oleksii Reznikov spoke on Sunday. The troops in Belarus are not enough to attack Kyiv, "
     "the minister said.", "Oleksii Reznikov"),
    ("Lithuanian President Gitanas Nauseda said the troops may stay. The Lithuanian leader warned that Russia could attack "
     "from Belarus.", "Gitanas Nauseda"),
    ("Ukraine's foreign minister Dmytro Kuleba spoke in Kyiv. Ukraine's top diplomat said the drills were psychological "
     "pressure.", "Dmytro Kuleba"),
    ("Russian President Vladimir Putin met Lukashenko. Belarusian President Alexander Lukashenko spoke to reporters. The troops "
     "will stay as long as needed, the Belarusian president said.", "Alexander Lukashenko"),
    ("US Secretary of State Antony Blinken spoke on CNN. In his view, the drills are a cover for an invasion.", "Antony Blinken"),
])
def test_a_role_named_again_is_the_person_last_named_in_it(text, claimant):
    assert claimants(text)[-1] == claimant


@pytest.mark.parametrize("text, kind", [
    ("The actions are held at the training grounds Obuz-Lesnovsky and Brestsky.", "exercise_location"),
    ("The joint exercise Allied Resolve 2022 is held from 10 to 20 February.", "exercise_activity"),
    ("Belarusian forces, as well as units of the Eastern Military District, take part in the exercise.", "troop_deployment"),
    ("The purpose of the manoeuvres is to repel external aggression during a defensive operation.", "exercise_activity"),
    ("NATO has described the drills as Russia's biggest deployment to Belarus since the Cold War.", "troop_deployment"),
    ("US President Joe Biden said that the Kremlin has already made a decision to invade Ukraine.", "invasion_intent"),
    ("Russia and Belarus will continue the drills due to increased military activity near the borders.", "exercise_activity"),
    ("Satellite images show large-scale Russian military activity persisting near Ukraine's borders.", "troop_deployment"),
])
def test_claim_types_where_when_who_takes_part_and_a_decision_to_invade(text, kind):
    assert [c["claim_type"] for c in extract(text)["claims"]] == [kind]


def test_distances_place_deployments_and_borders_and_a_threat_to_security_is_a_judgment():
    kinds = lambda text: [c["claim_type"] for c in extract(text)["claims"]]  # noqa: E731
    assert kinds("Satellite imagery showed new deployments of armour in southern Belarus, about 25 km from the border.") \
        == ["troop_deployment"]
    assert kinds("Ukraine's border with Belarus is only 130 miles from the capital Kiev.") == ["geographic_fact"]
    assert kinds("Ukraine's foreign ministry called the move a threat to European security.") == ["characterization"]


def test_baltic_states_is_no_verb_and_according_to_the_general_is_the_general_speaking():
    text = ("Russian troops will leave Belarus only when an objective need arises, Chief of the General Staff of the "
            "Belarusian Armed Forces Viktor Gulevich told reporters. According to the general, NATO has deployed about "
            "5,000 additional troops to Poland and the Baltic states.")
    assert claimants(text) == ["Viktor Gulevich", "Viktor Gulevich"]


def test_according_to_the_minister_is_the_minister_who_has_been_speaking():
    text = ("This was stated by Aleksey Reznikov, the Minister of Defense of Ukraine. «Minister Khrenin assured me that there "
            "will be no threats to Ukraine,» Reznikov said. According to the minister, the Russian troops in Belarus "
            "are too few to attack Kyiv.")
    assert claimants(text)[-1] == "Aleksey Reznikov"
    assert [c["stance"] for c in extract(text)["claims"]][-1] == "denied"


@pytest.mark.parametrize("text, claimant", [
    ("Ukraine's intelligence: Russia keeps 30,000 troops in Belarus", "Ukraine's intelligence"),
    ("Russia has not withdrawn its troops from Belarus, the Main Intelligence Directorate of Ukraine's Defence Ministry (HUR) "
     "reported.", "Ukrainian Ministry of Defence"),
    ("Ukraine's State Border Guard Service said Russian troops had moved closer to the border.",
     "Ukraine's State Border Guard Service"),
    ("Belarus's Defence Ministry dismissed the reports as fakes. A ministry spokesman said all Russian units would return home.",
     "Belarusian Ministry of Defence"),
])
def test_a_possessive_headline_an_acronym_a_service_and_a_ministry_spokesman(text, claimant):
    assert claimants(text)[-1] == claimant


def test_as_the_west_warns_and_that_governments_fear_are_the_speakers_own_clauses():
    found = lambda text: [(c["claim_type"], c["claimant"]) for c in extract(text)["claims"]]  # noqa: E731
    assert found("Russia, Belarus launch massive drills as West warns of invasion") == [
        ("exercise_activity", None), ("invasion_risk", "West")]
    assert found("Russia and Belarus launched 10 days of joint military exercises that Western governments fear could be "
                 "used as cover for an attack on Ukraine.") == [("exercise_activity", None), ("invasion_risk", "Western governments")]
    assert found("Ukrainian President Volodymyr Zelensky played down fears of an imminent attack.") == [
        ("invasion_intent", "Volodymyr Zelensky")]


@pytest.mark.parametrize("text, expected", [
    ("Images show new Russian military activity near Ukraine – satellite company", [("troop_deployment", "satellite company")]),
    ("New satellite images show a flurry of Russian military activity near Ukraine, the private US company that released the "
     "pictures said.", [("troop_deployment", "private US company")]),
    ("Maxar Technologies, which has been tracking the buildup of Russian forces for weeks, said the images show helicopter "
     "deployments close to the border.", [("troop_deployment", "Maxar Technologies")]),
    ("The images, shared Friday by Maxar Technologies, show nearly 150 ground attack and transport helicopters.",
     [("troop_count", "Maxar Technologies")]),
    ("Belarus rejects Russian military bases in their own country, said Lukashenko during a visit to the drills.",
     [("troop_deployment", "Lukashenko")]),
    ("Two Tu-22M3 strategic bombers conducted an air patrol over Belarus, Russia's Defense Ministry reported.",
     [("troop_count", "Russian Ministry of Defence")]),
    ("The Insider reports that the bridge cuts the distance to the border from 167 km to 96 km.", [("geographic_fact", "Insider")]),
])
def test_image_makers_headline_sources_speakers_backgrounds_and_weapons(text, expected):
    assert [(c["claim_type"], c["claimant"]) for c in extract(text)["claims"]] == expected


def test_and_that_though_and_no_such_intention_are_claims_of_their_own():
    claims = extract("US President Joe Biden said that Putin has decided to invade Ukraine and that he was building a pretext "
                     "for a strike. Russia says it has no such intention and accuses the West of fear-mongering.")["claims"]
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in claims] == [
        ("invasion_intent", "warned", "Joe Biden"), ("invasion_intent", "warned", "Joe Biden"),
        ("invasion_intent", "denied", "Russia"), ("characterization", "asserted", "Russia")]
    claims = extract("However, the Russian push on Kyiv has lost some of its momentum, according to the U.S. and U.K. "
                     "governments, though the Kremlin has only used about a third of the combat power arrayed around Ukraine.")["claims"]
    assert len(claims) == 2


def test_an_invasion_under_way_is_asserted_and_the_quantity_is_where_it_ends():
    assert [c["stance"] for c in extract("Putin's invasion of Ukraine is trending into its third night.")["claims"]] == ["asserted"]
    assert [(q.value, q.unit) for q in find_quantities("cutting it from 167 km to 96 km")] == [(96, "km")]


def test_dismissing_warnings_urging_a_withdrawal_of_them_and_they_fear():
    text = ("Alexander Lukashenko said Russian forces would stay in his country for as long as necessary, dismissing "
            "Western warnings that they could be used to attack Ukraine. The United States estimates that 30,000 Russian "
            "soldiers are in Belarus. Washington has urged Moscow to withdraw them. Ukrainian officials say the border is "
            "90 km from Kyiv. They fear an attack on the capital could come from the north.")
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in extract(text)["claims"]] == [
        ("troop_deployment", "asserted", "Alexander Lukashenko"), ("invasion_intent", "denied", "Alexander Lukashenko"),
        ("troop_count", "asserted", "United States"), ("withdrawal_demand", "asserted", "Washington"),
        ("geographic_fact", "asserted", "Ukrainian government"), ("invasion_risk", "warned", "Ukrainian government")]


@pytest.mark.parametrize("text, expected", [
    ("Russia launched a full-scale invasion of Ukraine on Thursday.", [("invasion_intent", "asserted")]),
    ("Columns of Russian tanks crossed into the Chernihiv region from Belarus.", [("troop_deployment", "asserted")]),
    ("Russian troops attacked Ukraine from Belarus, Ukraine's border guard service said.", [("invasion_intent", "asserted")]),
    ("Belarusian troops are not taking part in the military operation in Ukraine, Lukashenko said.", [("invasion_intent", "denied")]),
    ("Ukrainian forces repelled an attack near Chernihiv.", []),
])
def test_an_attack_under_way_crossings_taking_no_part_and_the_fighting_itself(text, expected):
    assert [(c["claim_type"], c["stance"]) for c in extract(text)["claims"]] == expected


def test_a_rank_is_no_part_of_the_name_and_recalling_is_speech():
    text = ('"The troops demonstrated high combat readiness," Belarusian Defense Minister Lieutenant General Viktor Khrenin '
            "told reporters. The minister recalled that the exercise would end on February 20 and that the Russian units "
            "would then return to their permanent bases.")
    assert claimants(text) == ["Viktor Khrenin", "Viktor Khrenin"]


def test_a_springboard_a_presence_never_leaving_and_rights_groups():
    found = lambda text: [(c["claim_type"], c["stance"], c["claimant"]) for c in extract(text)["claims"]]  # noqa: E731
    assert found("Tsikhanouskaya: Lukashenka has turned Belarus into a Russian military base") == [
        ("troop_deployment", "asserted", "Tsikhanouskaya")]
    assert found("Pavel Latushka said the Russian forces would never leave.") == [("troop_deployment", "asserted", "Pavel Latushka")]
    assert found("Belarusian human rights groups reported that trains carrying Russian military equipment continued to arrive "
                 "near Gomel.") == [("troop_deployment", "asserted", "Belarusian human rights groups")]
    assert found("Danilov said Kyiv was ready for any scenario.") == []


@pytest.mark.parametrize("text, expected", [
    ("NATO secretary-general Jens Stoltenberg last week said Russia was expected to have 30,000 troops in Belarus.",
     [("troop_count", "asserted", "Jens Stoltenberg")]),
    ("Britain warns Russia of 'massive consequences' of war", [("invasion_risk", "warned", "Britain")]),
    ("With the Ukraine Centre for Defence Strategies warning on Sunday that 147,000 Russian troops are now amassed around "
     "Ukraine, Belarus is a concern.", [("troop_count", "warned", "Ukraine Centre for Defence Strategies")]),
    ('"European Belarus": We Demand Immediate Withdrawal Of Russian Troops', [("withdrawal_demand", "asserted", "European Belarus")]),
    ("A dangerous element of this intervention is the presence of Russian troops in Belarus.", [("troop_deployment", "warned", None)]),
])
def test_time_before_the_verb_consequences_of_war_with_x_warning_quoted_headlines_and_danger(text, expected):
    assert [(c["claim_type"], c["stance"], c["claimant"]) for c in extract(text)["claims"]][:1] == expected


def test_an_announced_end_date_is_no_speaker():
    claims = extract("From February 21, after the officially announced end date of the manoeuvres, the presence of the "
                     "troops should be qualified as an occupation.")["claims"]
    assert [c["claimant"] for c in claims] == [None]
