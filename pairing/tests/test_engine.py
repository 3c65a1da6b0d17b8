"""The matching engine (pairing/engine.py): pure Python, no database.

Property tests compare the engine with a brute force that tries every assignment of small
instances; example tests pin down the behaviour a curator sees (reasons, errors, pins).
"""

import subprocess
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairing import engine
from pairing.engine import (
    PRESET_LABELS,
    PRESETS,
    MatchingError,
    Mentee,
    Mentor,
    Result,
    Weights,
    explain,
    match,
    score,
)

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Solver configurations that force every code path of the exact optimum on small instances.
SOLVER_PATHS = {
    "direct dense": {},
    "direct sparse": {"dense_cells": 0},
    "shared dummies": {"dummies": "shared"},
    "private dummies": {"dummies": "private", "dense_cells": 0},
    "pruned, tiny candidates": {
        "prune_above": 0,
        "candidates_per_mentee": 1,
        "candidates_per_place": 0,
        "greedy_seed": 0,
        "added_per_mentee": 1,
        "slack": 0,
    },
    "pruned, greedy seed": {
        "prune_above": 0,
        "candidates_per_mentee": 1,
        "candidates_per_place": 1,
        "greedy_seed": 1,
        "added_per_mentee": 2,
        "dense_cells": 0,
    },
}

COMPETENCY_NAMES = {"k0": "Работа с родителями", "k1": "ИКТ", "k2": "Инклюзия", "k3": "Игра"}


# --------------------------------------------------------------------------------------------
# Random small instances
# --------------------------------------------------------------------------------------------


@st.composite
def instances(draw, max_mentees: int = 6, max_mentors: int = 4, max_capacity: int = 2):
    n_comp = draw(st.integers(1, 4))
    comps = [f"k{c}" for c in range(n_comp)]
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    mentee_ids = list(range(n))
    mentor_ids = [f"M{j}" for j in range(m)]
    persons = st.sampled_from([None, None, "p1", "p2"])
    years = st.sampled_from([0.0, 1.5, 3.0, 7.25, 12.0, 0.1]) | st.floats(0, 40)
    positions = st.sampled_from(["", "воспитатель", " Воспитатель ", "логопед"])
    organisations = st.sampled_from([None, 1, 2])

    def people_list(ids):
        if not ids:
            return st.just([])
        return st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))

    mentors = []
    for mentor_id in mentor_ids:
        mentors.append(
            Mentor(
                id=mentor_id,
                name=f"Наставник {mentor_id}",
                competencies=draw(
                    st.dictionaries(st.sampled_from(comps), st.integers(1, 3), max_size=n_comp)
                ),
                capacity=draw(st.integers(1, max_capacity)),
                ranking=draw(people_list(mentee_ids)),
                unwanted=draw(people_list(mentee_ids).map(lambda x: x[:1])),
                experience_years=draw(years),
                position=draw(positions),
                organisation=draw(organisations),
                forms=draw(st.sets(st.sampled_from(["очно", "дистанционно"]))),
                person_id=draw(persons),
            )
        )
    mentees = []
    for mentee_id in mentee_ids:
        mentees.append(
            Mentee(
                id=mentee_id,
                name=f"Наставляемая {mentee_id}",
                requests=draw(
                    st.dictionaries(st.sampled_from(comps), st.integers(1, 3), max_size=n_comp)
                ),
                ranking=draw(people_list(mentor_ids)),
                unwanted=draw(people_list(mentor_ids).map(lambda x: x[:1])),
                experience_years=draw(years),
                position=draw(positions),
                organisation=draw(organisations),
                preferred_form=draw(st.sampled_from([None, "очно", "дистанционно"])),
                person_id=draw(persons),
            )
        )
    weight = st.sampled_from([0.0, 0.5, 1.0, 2.5, 10.0]) | st.floats(0, 20)
    weights = draw(
        st.sampled_from(list(PRESETS.values()))
        | st.builds(Weights, *[weight for _ in engine.CRITERIA])
    )
    # Valid pins: allowed pairs within capacity, each mentee at most once.
    pins = []
    load = dict.fromkeys(mentor_ids, 0)
    for mentee in mentees:
        if not mentors or draw(st.integers(0, 4)) != 0:
            continue
        mentor = draw(st.sampled_from(mentors))
        if score(mentee, mentor, weights) is not None and load[mentor.id] < mentor.capacity:
            pins.append((mentee.id, mentor.id))
            load[mentor.id] += 1
    return mentees, mentors, weights, pins


# --------------------------------------------------------------------------------------------
# References: brute force, preferences, blocking pairs
# --------------------------------------------------------------------------------------------


def units_of(mentee, mentor, weights):
    s = score(mentee, mentor, weights)
    return None if s is None else s.units


def brute_force(mentees, mentors, weights, pins):
    """The best (number of pairs, total units) over every assignment that keeps the pins."""
    pinned = dict(pins)
    capacity = {p.id: p.capacity for p in mentors}
    base = 0
    for mentee in mentees:
        if mentee.id in pinned:
            capacity[pinned[mentee.id]] -= 1
            base += units_of(mentee, next(p for p in mentors if p.id == pinned[mentee.id]), weights)
    free = [p for p in mentees if p.id not in pinned]
    options = [
        [(p.id, u) for p in mentors if (u := units_of(mentee, p, weights)) is not None]
        for mentee in free
    ]
    best = (0, 0)

    def walk(k, count, total):
        nonlocal best
        if k == len(free):
            best = max(best, (count, total))
            return
        walk(k + 1, count, total)
        for mentor_id, u in options[k]:
            if capacity[mentor_id] > 0:
                capacity[mentor_id] -= 1
                walk(k + 1, count + 1, total + u)
                capacity[mentor_id] += 1

    walk(0, 0, 0)
    return len(pinned) + best[0], base + best[1]


def id_key(ids):
    try:
        sorted(ids)
        return lambda x: x
    except TypeError:
        return str


def preference(person, others, units, key):
    """``person``'s allowed counterparts, best first: ranking, then score, then id."""
    allowed = [o for o in others if units(o) is not None]
    ranked = [o for r in person.ranking for o in allowed if o.id == r]
    rest = sorted((o for o in allowed if o not in ranked), key=lambda o: (-units(o), key(o.id)))
    return [o.id for o in ranked + rest]


def blocking_pairs(mentees, mentors, weights, pins, result):
    mentee_key = id_key([p.id for p in mentees])
    mentor_key = id_key([p.id for p in mentors])
    partner = {p.mentee_id: p.mentor_id for p in result.pairs}
    pinned = dict(pins)
    held = {p.id: [] for p in mentors}
    for pair in result.pairs:
        held[pair.mentor_id].append(pair.mentee_id)
    mentee_prefs = {
        e.id: preference(e, mentors, lambda o, e=e: units_of(e, o, weights), mentor_key)
        for e in mentees
    }
    mentor_prefs = {
        r.id: preference(r, mentees, lambda o, r=r: units_of(o, r, weights), mentee_key)
        for r in mentors
    }
    found = []
    for mentee in mentees:
        if mentee.id in pinned:
            continue
        prefs = mentee_prefs[mentee.id]
        current = partner.get(mentee.id)
        better = prefs if current is None else prefs[: prefs.index(current)]
        for mentor in mentors:
            if mentor.id not in better:
                continue
            if len(held[mentor.id]) < mentor.capacity:
                found.append((mentee.id, mentor.id))
                continue
            order = mentor_prefs[mentor.id]
            for other in held[mentor.id]:
                if other not in pinned and order.index(mentee.id) < order.index(other):
                    found.append((mentee.id, mentor.id))
                    break
    return found


def check_feasible(mentees, mentors, weights, pins, result: Result):
    ids = [p.mentee_id for p in result.pairs] + [u.mentee_id for u in result.unmatched]
    assert sorted(ids) == sorted(p.id for p in mentees), "every mentee exactly once"
    by_mentee = {p.id: p for p in mentees}
    by_mentor = {p.id: p for p in mentors}
    load: dict = {}
    for pair in result.pairs:
        expected = score(by_mentee[pair.mentee_id], by_mentor[pair.mentor_id], weights)
        assert expected is not None, "no forbidden pair"
        assert pair.score == expected
        assert pair.reason
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    for mentor_id, count in load.items():
        assert count <= by_mentor[mentor_id].capacity, "no mentor above capacity"
    chosen = {(p.mentee_id, p.mentor_id) for p in result.pairs}
    assert set(pins) <= chosen, "pins kept"
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs if p.pinned} == set(pins)
    assert all(u.reason for u in result.unmatched)
    assert round(result.total * engine.SCALE) == sum(p.score.units for p in result.pairs)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(instances())
def test_optimal_mode_equals_brute_force_on_every_solver_path(instance):
    mentees, mentors, weights, pins = instance
    expected = brute_force(mentees, mentors, weights, pins)
    for path, knobs in SOLVER_PATHS.items():
        with mock.patch.dict(engine._SOLVER, knobs):
            result = match(mentees, mentors, weights, pins=pins)
        check_feasible(mentees, mentors, weights, pins, result)
        got = (len(result.pairs), sum(p.score.units for p in result.pairs))
        assert got == expected, path


@PROPERTY_SETTINGS
@given(instances())
def test_stable_mode_has_no_blocking_pair(instance):
    mentees, mentors, weights, pins = instance
    result = match(mentees, mentors, weights, pins=pins, mode="stable")
    check_feasible(mentees, mentors, weights, pins, result)
    assert blocking_pairs(mentees, mentors, weights, pins, result) == []


@PROPERTY_SETTINGS
@given(instances(max_mentees=8, max_mentors=6, max_capacity=3))
def test_vectorised_scores_equal_score(instance):
    mentees, mentors, weights, _ = instance
    units, covers = engine._score_matrix(mentees, mentors, weights)
    assert units.shape == (len(mentees), len(mentors))
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            expected = score(mentee, mentor, weights)
            assert units[i, j] == (-1 if expected is None else expected.units)
            assert covers[i, j] == any(c in mentor.competencies for c in mentee.requests)


@PROPERTY_SETTINGS
@given(instances(), st.data())
def test_forbidden_or_excess_pin_raises(instance, data):
    mentees, mentors, weights, _ = instance
    forbidden = [(e, r) for e in mentees for r in mentors if score(e, r, weights) is None]
    if forbidden:
        mentee, mentor = data.draw(st.sampled_from(forbidden))
        with pytest.raises(MatchingError) as error:
            match(mentees, mentors, weights, pins=[(mentee.id, mentor.id)])
        assert mentee.name in str(error.value) and mentor.name in str(error.value)
    for mentor in mentors:
        allowed = [e for e in mentees if score(e, mentor, weights) is not None]
        if len(allowed) > mentor.capacity:
            pins = [(e.id, mentor.id) for e in allowed[: mentor.capacity + 1]]
            with pytest.raises(MatchingError) as error:
                match(mentees, mentors, weights, pins=pins)
            assert allowed[mentor.capacity].name in str(error.value)
            assert mentor.name in str(error.value)


# --------------------------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------------------------


def mentee(id, requests=None, **kwargs):
    return Mentee(
        id=id, name=kwargs.pop("name", f"Наставляемая {id}"), requests=requests or {}, **kwargs
    )


def mentor(id, competencies=None, **kwargs):
    return Mentor(
        id=id, name=kwargs.pop("name", f"Наставник {id}"), competencies=competencies or {}, **kwargs
    )


def test_engine_imports_no_django():
    code = (
        "import sys, pairing.engine; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_score_is_none_for_unwanted_pair():
    anna = mentee(1, {"k0": 1}, unwanted=["A"])
    ivan = mentor("A", {"k0": 3})
    assert score(anna, ivan) is None
    assert score(mentee(1, {"k0": 1}), mentor("A", {"k0": 3}, unwanted=[1])) is None
    assert score(mentee(1, {"k0": 1}), mentor("A", {"k0": 3})) is not None


def test_score_is_none_for_the_same_person_and_for_no_coverage():
    assert score(mentee(1, {"k0": 1}, person_id=7), mentor("A", {"k0": 2}, person_id=7)) is None
    assert score(mentee(1, {"k0": 1}), mentor("A", {"k1": 3})) is None
    # Equal ids on both sides are not the same person: only person_id says so.
    assert score(mentee("x", {"k0": 1}), mentor("x", {"k0": 1})) is not None


def test_mentee_without_requests_may_take_any_mentor_with_zero_coverage():
    s = score(mentee(1), mentor("A", {"k0": 3}))
    assert s is not None and s.parts["coverage"] == 0


def test_score_parts_follow_the_documented_formulas():
    anna = mentee(
        1,
        {"k0": 1, "k1": 3},  # weights 3 and 1
        ranking=["B", "A"],
        experience_years=2,
        position="Воспитатель",
        organisation=30,
        preferred_form="очно",
    )
    ivan = mentor(
        "A",
        {"k0": 2, "k2": 3},
        ranking=[5, 1, 6, 7],
        experience_years=14.5,
        position=" воспитатель ",
        organisation=30,
        forms=["очно"],
    )
    s = score(anna, ivan, Weights())
    assert s.parts == {
        "coverage": round(10 * (3 * 2 / 3) / 4, 6),  # 3·2/3 of a possible 3 + 1
        "mentee_ranking": 4 * 0.5,  # 2nd of 2
        "mentor_ranking": 2 * 0.75,  # 2nd of 4
        "experience_gap": 1.0,  # 12.5 years, capped at 10
        "same_position": 1.0,
        "preferred_form": 1.0,
        "same_organisation": 0.5,
    }
    assert s.total == pytest.approx(sum(s.parts.values()), abs=1e-9)


def test_reason_names_the_requests_and_ranking():
    anna = mentee(1, {"k0": 1, "k1": 2, "k2": 3}, ranking=["A"], name="Анна Петрова")
    ivan = mentor("A", {"k0": 3, "k1": 1}, ranking=[1], experience_years=7, name="Иван Сидоров")
    result = match([anna], [ivan], pins=[(1, "A")], competency_names=COMPETENCY_NAMES)
    (pair,) = result.pairs
    assert pair.reason == (
        "закрывает запросы «Работа с родителями» (приоритет 1) и «ИКТ» (приоритет 2); "
        "не закрывает «Инклюзия»; в предпочтениях наставляемого наставник на 1-м месте; "
        "в предпочтениях наставника наставляемый на 1-м месте; опыт наставника больше на 7 лет; "
        "закреплено куратором"
    )
    assert pair.pinned


def test_explain_describes_a_hand_made_pair_or_names_why_it_is_forbidden():
    anna = mentee(1, {"k0": 1}, name="Анна Петрова")
    ivan = mentor("A", {"k0": 2}, name="Иван Сидоров")
    pair = explain(anna, ivan, competency_names=COMPETENCY_NAMES, pinned=True)
    assert pair.score == score(anna, ivan)
    assert (
        pair.reason
        == match([anna], [ivan], pins=[(1, "A")], competency_names=COMPETENCY_NAMES).pairs[0].reason
    )
    with pytest.raises(MatchingError, match=r"«Анна Петрова» и «Олег».*не закрывает"):
        explain(anna, mentor("B", {"k1": 3}, name="Олег"))


def test_pin_over_capacity_raises_naming_both_people():
    ivan = mentor("A", {"k0": 3}, capacity=1, name="Иван Сидоров")
    anna = mentee(1, {"k0": 1}, name="Анна Петрова")
    olga = mentee(2, {"k0": 1}, name="Ольга Волкова")
    with pytest.raises(MatchingError, match=r"Ольга Волкова.*Иван Сидоров.*Анна Петрова"):
        match([anna, olga], [ivan], pins=[(1, "A"), (2, "A")])


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        ([(1, "B")], "Анна.*Наставник B.*нежелательных"),
        ([(1, "C")], "Анна.*Наставник C.*не закрывает ни одного запроса.*«Работа с родителями»"),
        ([(1, "D")], "Анна.*Наставник D.*один и тот же человек"),
        ([(1, "A"), (1, "E")], "Анна.*дважды.*Наставник A.*Наставник E"),
        ([(9, "A")], "неизвестн.*«9».*Наставник A"),
        ([(1, "Z")], "Анна.*неизвестным наставником «Z»"),
        ([(1,)], "должно быть парой"),
    ],
)
def test_bad_pins_raise_naming_the_people(pins, message):
    anna = mentee(1, {"k0": 1}, unwanted=["B"], person_id="p", name="Анна")
    mentors = [
        mentor("A", {"k0": 1}),
        mentor("B", {"k0": 1}),
        mentor("C", {"k1": 1}),
        mentor("D", {"k0": 1}, person_id="p"),
        mentor("E", {"k0": 1}),
    ]
    with pytest.raises(MatchingError, match=message):
        match([anna], mentors, pins=pins, competency_names=COMPETENCY_NAMES)


def test_duplicate_ids_raise():
    with pytest.raises(MatchingError, match="наставляемых код «1» повторяется: «Аня» и «Анна»"):
        match([mentee(1, name="Аня"), mentee(1, name="Анна")], [])
    with pytest.raises(MatchingError, match="наставников код «A» повторяется"):
        match([], [mentor("A"), mentor("A")])
    assert issubclass(MatchingError, ValueError)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: mentee(1, {"k0": 4}), "приоритет запроса.*1, 2 или 3"),
        (lambda: mentee(1, {"k0": 0}), "приоритет запроса"),
        (lambda: mentor("A", {"k0": 5}), "уровень владения.*1, 2 или 3"),
        (lambda: mentor("A", capacity=0), "не меньше 1"),
        (lambda: mentor("A", capacity=1.5), "целым"),
        (lambda: mentee(1, ranking=["A", "A"]), "дважды"),
        (lambda: mentee(1, ranking="AB"), "не строка"),
        (lambda: mentee(1, experience_years=-1), "стаж"),
        (lambda: mentor("A", experience_years=float("nan")), "стаж"),
        (lambda: Weights(coverage=-1), "Вес критерия «закрытие запросов»"),
        (lambda: Weights(same_position=float("inf")), "от 0 до 1000"),
    ],
)
def test_invalid_people_and_weights_raise(build, message):
    with pytest.raises(MatchingError, match=message):
        build()


@pytest.mark.parametrize(
    ("people", "message"),
    [
        (([mentee(1, ranking=["X"])], [mentor("A")]), "предпочтений указан неизвестный.*«X»"),
        (([mentee(1, unwanted=["X"])], [mentor("A")]), "нежелательных указан неизвестный"),
        (([mentee(1)], [mentor("A", ranking=[2])]), "неизвестный наставляемый «2»"),
        (([mentee(1)], [mentor("A", unwanted=[2])]), "нежелательных"),
    ],
)
def test_unknown_ids_in_rankings_raise(people, message):
    with pytest.raises(MatchingError, match=message):
        match(*people)


def test_unknown_mode_raises():
    with pytest.raises(MatchingError, match="Неизвестный режим подбора «greedy»"):
        match([], [], mode="greedy")


def test_optimal_prefers_more_pairs_over_higher_score():
    # Anna fits both mentors, Olga only Ivan. Anna–Ivan is the best single pair (full coverage
    # at level 3 plus a first place), but taking it leaves Olga alone: the optimum takes two
    # weaker pairs.
    anna = mentee(1, {"k0": 1, "k1": 1}, ranking=["A"])
    olga = mentee(2, {"k0": 1})
    ivan = mentor("A", {"k0": 3, "k1": 3})
    petr = mentor("B", {"k1": 1})
    single_best = score(anna, ivan).total
    assert single_best > score(anna, petr).total + score(olga, ivan).total
    result = match([anna, olga], [ivan, petr])
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs} == {(1, "B"), (2, "A")}
    assert result.unmatched == []


def test_greedy_counterexample_is_solved_optimally():
    # Scores: Anna–Ivan 11, Anna–Petr 5, Olga–Ivan 10, Olga–Petr 0. Greedy by score takes
    # Anna–Ivan first and ends with 11 + 0; the optimum is Anna–Petr + Olga–Ivan = 15.
    weights = Weights(
        coverage=0, mentee_ranking=10, mentor_ranking=0, experience_gap=1, same_position=0,
        preferred_form=0, same_organisation=0,
    )  # fmt: skip
    anna = mentee(1, ranking=["A", "B"], experience_years=0)
    olga = mentee(2, ranking=["A"], experience_years=10)
    ivan = mentor("A", experience_years=10)
    petr = mentor("B", experience_years=0)
    scores = {(e.id, r.id): score(e, r, weights).total for e in (anna, olga) for r in (ivan, petr)}
    assert scores == {(1, "A"): 11, (1, "B"): 5, (2, "A"): 10, (2, "B"): 0}
    result = match([anna, olga], [ivan, petr], weights)
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs} == {(1, "B"), (2, "A")}
    assert result.total == 15


def test_unmatched_reason_when_no_mentor_covers_request():
    anna = mentee(1, {"k2": 1, "k3": 2})
    result = match([anna], [mentor("A", {"k0": 3})], competency_names=COMPETENCY_NAMES)
    assert result.pairs == []
    (unmatched,) = result.unmatched
    assert unmatched.reason == "ни один наставник не закрывает запросы «Инклюзия» и «Игра»"


def test_unmatched_reason_when_all_suitable_mentors_are_full():
    anna = mentee(1, {"k0": 1}, ranking=["A"])
    olga = mentee(2, {"k0": 1})
    ivan = mentor("A", {"k0": 3}, name="Иван")
    result = match([anna, olga], [ivan])
    assert [p.mentee_id for p in result.pairs] == [1]
    assert result.unmatched[0].mentee_id == 2
    assert result.unmatched[0].reason == "все подходящие наставники заняты: «Иван»"
    stable = match([anna, olga], [ivan], mode="stable")
    assert stable.unmatched[0].reason.startswith("все подходящие наставники заняты: «Иван» — ")


def test_unmatched_reason_when_covering_mentors_are_unwanted():
    anna = mentee(1, {"k0": 1}, unwanted=["A"], person_id="p")
    mentors = [
        mentor("A", {"k0": 3}, name="Иван"),
        mentor("B", {"k0": 3}, unwanted=[1], name="Пётр"),
        mentor("C", {"k0": 3}, person_id="p", name="Анна-наставник"),
        mentor("D", {"k1": 3}, name="Олег"),
    ]
    (unmatched,) = match([anna], mentors).unmatched
    assert unmatched.reason == (
        "все наставники, закрывающие запросы, исключены: "
        "нежелательны для наставляемого — «Иван»; "
        "наставляемый у них в списке нежелательных — «Пётр»; "
        "это тот же человек — «Анна-наставник»"
    )


def test_unmatched_reason_without_mentors():
    assert match([mentee(1)], []).unmatched[0].reason == "в подборе нет ни одного наставника"


def test_stable_mode_respects_rankings():
    # Both mentees rank Ivan first; Ivan ranks Olga first although Anna scores higher with him
    # (his ranking carries no weight here). The optimum gives Ivan to Anna; the stable mode
    # follows Ivan's own choice, or Olga and Ivan would both rather be together.
    weights = Weights(mentor_ranking=0)
    anna = mentee(1, {"k0": 1, "k1": 1}, ranking=["A", "B"], position="логопед")
    olga = mentee(2, {"k0": 1}, ranking=["A", "B"])
    ivan = mentor("A", {"k0": 3, "k1": 3}, ranking=[2, 1], position="логопед")
    petr = mentor("B", {"k0": 1, "k1": 1})
    assert score(anna, ivan, weights).total > score(olga, ivan, weights).total
    optimal = match([anna, olga], [ivan, petr], weights)
    assert {(p.mentee_id, p.mentor_id) for p in optimal.pairs} == {(1, "A"), (2, "B")}
    stable = match([anna, olga], [ivan, petr], weights, mode="stable")
    assert {(p.mentee_id, p.mentor_id) for p in stable.pairs} == {(2, "A"), (1, "B")}
    assert stable.mode == "stable"


def test_stable_mode_breaks_ties_by_id_even_for_mixed_ids():
    twins = [mentee("b"), mentee(1), mentee("a")]
    result = match(twins, [mentor("M")], mode="stable")
    # All three score the same; by str(id) the mentor prefers "1", then "a", then "b".
    assert [p.mentee_id for p in result.pairs] == [1]


def test_pins_are_kept_even_when_the_optimum_would_differ():
    anna = mentee(1, {"k0": 1})
    olga = mentee(2, {"k0": 1})
    ivan = mentor("A", {"k0": 3}, ranking=[2])
    petr = mentor("B", {"k1": 3})
    result = match([anna, olga], [ivan, petr], pins=[(1, "A")])
    assert [(p.mentee_id, p.mentor_id, p.pinned) for p in result.pairs] == [(1, "A", True)]
    assert result.unmatched[0].reason == "все подходящие наставники заняты: «Наставник A»"


def test_output_is_sorted_and_deterministic():
    mentees = [mentee(i, {"k0": 1}) for i in range(6)]
    mentors = [mentor(j, {"k0": 1 + k}, capacity=2) for k, j in enumerate(("C", "A", "B"))]
    first = match(mentees, mentors)
    assert first == match(mentees, mentors)
    order = {"C": 0, "A": 1, "B": 2}
    keys = [(order[p.mentor_id], p.mentee_id) for p in first.pairs]
    assert keys == sorted(keys)


def test_presets_are_weights_with_russian_labels():
    assert set(PRESETS) == set(PRESET_LABELS) == {"requests", "preferences", "balanced"}
    assert PRESET_LABELS["balanced"] == "сбалансированно"
    assert PRESETS["balanced"] == Weights()
    assert PRESETS["requests"].coverage > PRESETS["preferences"].coverage
    assert PRESETS["preferences"].mentee_ranking > PRESETS["requests"].mentee_ranking


def _network(n, m, seed):
    rng = np.random.default_rng(seed)
    comps = [f"k{c}" for c in range(8)]
    mentors = [
        Mentor(
            id=f"M{j}",
            competencies={
                str(c): int(rng.integers(1, 4))
                for c in rng.choice(comps, rng.integers(1, 4), False)
            },
            capacity=int(rng.integers(1, 4)),
            ranking=[int(x) for x in rng.choice(n, rng.integers(0, 4), False)],
            experience_years=float(rng.integers(0, 30)),
            organisation=int(rng.integers(0, 3)),
        )
        for j in range(m)
    ]
    mentees = [
        Mentee(
            id=i,
            requests={
                str(c): int(rng.integers(1, 4))
                for c in rng.choice(comps, rng.integers(1, 4), False)
            },
            ranking=[f"M{x}" for x in rng.choice(m, rng.integers(0, 4), False)],
            experience_years=float(rng.integers(0, 15)),
            organisation=int(rng.integers(0, 3)),
        )
        for i in range(n)
    ]
    return mentees, mentors


@pytest.mark.parametrize(("n", "m", "seed"), [(400, 120, 1), (400, 120, 2), (150, 120, 3)])
def test_pruned_solver_matches_the_full_solve_on_a_larger_network(n, m, seed):
    mentees, mentors = _network(n, m, seed)
    with mock.patch.dict(engine._SOLVER, {"prune_above": 10**9}):
        full = match(mentees, mentors)
    expected = (len(full.pairs), sum(p.score.units for p in full.pairs))
    for path in ("pruned, tiny candidates", "pruned, greedy seed"):
        with mock.patch.dict(engine._SOLVER, SOLVER_PATHS[path]):
            pruned = match(mentees, mentors)
        assert (len(pruned.pairs), sum(p.score.units for p in pruned.pairs)) == expected, path
        check_feasible(mentees, mentors, Weights(), [], pruned)
