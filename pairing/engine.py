"""The mentor–mentee matching engine: pure Python with numpy and scipy, no Django.

The model
=========

A kindergarten has mentees (наставляемые), each with requests — competencies she wants to grow
in, with a priority 1–3 (1 is the most important) — and mentors (наставники), each with
competencies at a level 1–3 and a capacity (how many mentees he can take). Both sides may rank
the other side (best first) and mark people they do not want to work with.

Hard rules. A pair (mentee, mentor) is *forbidden* when

* they are the same human (the same non-None ``person_id`` on both sides; mentee ids and mentor
  ids are separate namespaces and are never compared with each other);
* either side marked the other as unwanted (``unwanted`` wins over ``ranking`` when a person is
  named in both);
* the mentee has requests and the mentor covers none of them. A mentee **without requests** may
  be paired with any mentor (her coverage part is then 0).

Soft criteria. An allowed pair gets one number per criterion, each in [0, 1], multiplied by its
weight from :class:`Weights` and rounded to 6 decimals (see ``CRITERIA`` and :func:`score`).
The total score is the sum of the parts. Internally every part is kept as an integer number of
millionths ("units"), so totals are exact integers and ties are real ties.

Modes
=====

``mode="optimal"`` maximises, lexicographically, first the number of matched mentees and then the
total score, with every pin kept, no mentor above capacity and no forbidden pair. It is exact.

*Places.* A mentor with capacity ``c`` is ``c`` identical columns ("places") of an assignment
problem whose rows are the smaller side (mentees or places). Every row must be assigned, so each
row may instead take a dummy column ("stays unmatched"). Scores are integers (units), and real
edges cost ``smax + 1 - score`` (a positive integer).

*The BIG trick.* Lexicographic optimisation is a single maximum-weight matching in which every
edge weighs ``BIG + score``, where ``BIG`` exceeds the largest total score any matching can have
(the sum over mentees of their best score, plus one unit): one more pair is then always worth
more than any gain in score, and among matchings of equal size the weight differs only by the
score. In the assignment problem this is one *private* dummy column per row costing
``BIG + smax + 1``: shifting every edge of a row by the same constant changes every full
assignment by the same amount, so the optimum is the lexicographic one. The certificate below
uses the BIG costs ``-(BIG + score)`` directly, in int64.

*Shared dummies.* Equivalently, and with smaller numbers: Hopcroft–Karp
(``maximum_bipartite_matching``) gives the maximum number of pairs ``k``; offering only
``rows - k`` *shared* dummy columns of equal cost forces exactly ``k`` real edges, and among
them the cheapest, i.e. the highest total score. The engine uses shared dummies unless they
would add more entries than the graph has (then private ones, when BIG fits).

*Why exact.* Every cost is an integer and every sum of costs stays far below 2**52 (weights are
capped at ``MAX_WEIGHT``), so scipy's float solvers (``linear_sum_assignment`` on a dense matrix
for small problems, ``min_weight_full_bipartite_matching``, i.e. LAPJVsp, on a sparse one for
large ones) do no rounding at all: the optimum is exact, not approximately so, and ties are
real ties.

*Pruning with a certificate.* A large network (5,000 mentees, 2,000 mentors, up to 6,000
places, ~5M allowed pairs) is too slow to solve whole. The engine solves a sparse candidate graph
exactly (each mentee's best mentors, each mentor's best mentees, the pairs of a quick greedy
matching), then proves the answer optimal for the *full* graph with linear-programming duality:
node potentials are the shortest distances in the residual network of the candidate solution
(Bellman–Ford in exact int64, costs ``-(BIG + score)``, with source/sink arcs so that augmenting
paths count as well), and every pair left out must have a non-negative reduced cost. If so, the
full residual network has no negative cycle, so the solution is optimal for the full problem
both in the number of pairs and in the score; otherwise each mentee's pairs of lowest reduced
cost are added and the candidate graph is solved again. The loop always ends (pairs are only
added) and ends with a proof. Small problems (up to ``_SOLVER["prune_above"]`` allowed pairs)
are solved whole.

``mode="stable"`` is mentee-proposing deferred acceptance (Gale–Shapley) with capacities. Each
side orders the allowed counterparts by its explicit ranking first, then by descending score,
ties by id (by ``str(id)`` when ids of different types are mixed). The result has no blocking
pair. It is not meant to maximise the number of pairs.

Pins (``pins=[(mentee_id, mentor_id), ...]``) fixed by the curator are applied first in both
modes: pinned mentees are taken out and the pinned mentors' capacity reduced. A pin that breaks
a hard rule, names an unknown id, pins a mentee twice or exceeds a mentor's capacity raises
:class:`MatchingError` (a ``ValueError``) naming the people involved.

Every user-facing string (reasons, error messages) is in Russian.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

__all__ = [
    "CRITERIA",
    "CRITERION_LABELS",
    "MODES",
    "PRESETS",
    "PRESET_LABELS",
    "SCALE",
    "MatchingError",
    "Mentee",
    "Mentor",
    "Pair",
    "Result",
    "Score",
    "Unmatched",
    "Weights",
    "explain",
    "forbidden_reason",
    "match",
    "score",
]

SCALE = 1_000_000
"""Each score part is rounded to 1/SCALE (6 decimals) and kept internally as an integer."""

PRIORITY_WEIGHTS: Mapping[int, int] = {1: 3, 2: 2, 3: 1}
"""How much a request of a given priority weighs in the coverage criterion."""

CRITERIA = (
    "coverage",
    "mentee_ranking",
    "mentor_ranking",
    "experience_gap",
    "same_position",
    "preferred_form",
    "same_organisation",
)
"""The soft criteria, in the order of ``Weights`` and of ``Score.parts``."""

CRITERION_LABELS: Mapping[str, str] = {
    "coverage": "закрытие запросов",
    "mentee_ranking": "выбор наставляемого",
    "mentor_ranking": "выбор наставника",
    "experience_gap": "разница в опыте",
    "same_position": "одинаковая должность",
    "preferred_form": "удобная форма работы",
    "same_organisation": "одна организация",
}

MODES = ("optimal", "stable")

MAX_WEIGHT = 1000.0
"""The largest weight of a criterion (keeps every integer in the solvers exact)."""

MAX_EXPERIENCE_GAP = 10.0
"""A gap of this many years or more gives the full experience part."""


class MatchingError(ValueError):
    """Bad input to the engine: the message is in Russian and names the people involved."""


# --------------------------------------------------------------------------------------------
# Input data
# --------------------------------------------------------------------------------------------


def _label(person: Mentee | Mentor) -> str:
    """The person's display name in «» quotes (the id when there is no name)."""
    return f"«{person.name or person.id}»"


def _as_tuple(value: Any, what: str, who: str) -> tuple:
    if isinstance(value, str | bytes):
        raise MatchingError(f"{who}: {what} — ожидается список, а не строка «{value}».")
    return tuple(value)


def _check_level(value: Any, what: str, who: str, competency: Hashable) -> int:
    if isinstance(value, bool) or value not in (1, 2, 3):
        raise MatchingError(
            f"{who}: {what} по компетенции «{competency}» должен быть 1, 2 или 3, а не {value!r}."
        )
    return int(value)


def _check_years(value: Any, who: str) -> float:
    try:
        years = float(value)
    except (TypeError, ValueError):
        raise MatchingError(f"{who}: стаж должен быть числом, а не {value!r}.") from None
    if not math.isfinite(years) or years < 0:
        raise MatchingError(f"{who}: стаж должен быть неотрицательным числом, а не {value!r}.")
    return years


def _check_ranking(ranking: tuple, who: str) -> None:
    seen: set = set()
    for item in ranking:
        if item in seen:
            raise MatchingError(f"{who}: «{item}» встречается в списке предпочтений дважды.")
        seen.add(item)


@dataclass(frozen=True)
class Mentee:
    """A mentee (наставляемый).

    ``requests`` maps a competency id to its priority 1–3 (1 is the highest); ``ranking`` lists
    mentor ids, best first; ``unwanted`` holds mentor ids she does not want. ``person_id``, when
    not None, identifies the human: a mentor with the same ``person_id`` is the same person.
    """

    id: Hashable
    requests: Mapping[Hashable, int]
    ranking: Sequence[Hashable] = ()
    unwanted: Collection[Hashable] = ()
    experience_years: float = 0.0
    position: str = ""
    organisation: Hashable | None = None
    preferred_form: Hashable | None = None
    name: str = ""
    person_id: Hashable | None = None

    def __post_init__(self) -> None:
        who = f"Наставляемый {_label(self)}"
        requests = dict(self.requests)
        for competency, priority in requests.items():
            requests[competency] = _check_level(priority, "приоритет запроса", who, competency)
        object.__setattr__(self, "requests", requests)
        ranking = _as_tuple(self.ranking, "список предпочтений", who)
        _check_ranking(ranking, who)
        object.__setattr__(self, "ranking", ranking)
        unwanted = _as_tuple(self.unwanted, "список нежелательных наставников", who)
        object.__setattr__(self, "unwanted", frozenset(unwanted))
        object.__setattr__(self, "experience_years", _check_years(self.experience_years, who))
        object.__setattr__(self, "position", str(self.position or ""))
        object.__setattr__(self, "name", str(self.name or ""))


@dataclass(frozen=True)
class Mentor:
    """A mentor (наставник).

    ``competencies`` maps a competency id to the level 1–3; ``capacity`` is how many mentees he
    can take (at least 1); ``ranking`` lists mentee ids, best first; ``unwanted`` holds mentee
    ids; ``forms`` the forms of work (e.g. "очно", "дистанционно") he offers.
    """

    id: Hashable
    competencies: Mapping[Hashable, int]
    capacity: int = 1
    ranking: Sequence[Hashable] = ()
    unwanted: Collection[Hashable] = ()
    experience_years: float = 0.0
    position: str = ""
    organisation: Hashable | None = None
    forms: Collection[Hashable] = ()
    name: str = ""
    person_id: Hashable | None = None

    def __post_init__(self) -> None:
        who = f"Наставник {_label(self)}"
        competencies = dict(self.competencies)
        for competency, level in competencies.items():
            competencies[competency] = _check_level(level, "уровень владения", who, competency)
        object.__setattr__(self, "competencies", competencies)
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int | np.integer):
            raise MatchingError(f"{who}: число мест должно быть целым, а не {self.capacity!r}.")
        if self.capacity < 1:
            raise MatchingError(f"{who}: число мест должно быть не меньше 1, а не {self.capacity}.")
        object.__setattr__(self, "capacity", int(self.capacity))
        ranking = _as_tuple(self.ranking, "список предпочтений", who)
        _check_ranking(ranking, who)
        object.__setattr__(self, "ranking", ranking)
        unwanted = _as_tuple(self.unwanted, "список нежелательных наставляемых", who)
        object.__setattr__(self, "unwanted", frozenset(unwanted))
        object.__setattr__(self, "forms", frozenset(_as_tuple(self.forms, "формы работы", who)))
        object.__setattr__(self, "experience_years", _check_years(self.experience_years, who))
        object.__setattr__(self, "position", str(self.position or ""))
        object.__setattr__(self, "name", str(self.name or ""))


@dataclass(frozen=True)
class Weights:
    """One non-negative weight per criterion (see ``CRITERIA``); a part is criterion × weight.

    The defaults are the "balanced" preset: covering the requests matters most, then the
    mentee's own choice, then the mentor's, then the rest.
    """

    coverage: float = 10.0
    mentee_ranking: float = 4.0
    mentor_ranking: float = 2.0
    experience_gap: float = 1.0
    same_position: float = 1.0
    preferred_form: float = 1.0
    same_organisation: float = 0.5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            if isinstance(value, bool) or not 0 <= number <= MAX_WEIGHT:
                raise MatchingError(
                    f"Вес критерия «{CRITERION_LABELS[f.name]}» должен быть числом "
                    f"от 0 до {MAX_WEIGHT:g}, а не {value!r}."
                )
            object.__setattr__(self, f.name, number)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in CRITERIA}


PRESETS: Mapping[str, Weights] = {
    "requests": Weights(
        coverage=10.0,
        mentee_ranking=1.0,
        mentor_ranking=0.5,
        experience_gap=1.0,
        same_position=0.5,
        preferred_form=0.5,
        same_organisation=0.25,
    ),
    "preferences": Weights(
        coverage=3.0,
        mentee_ranking=8.0,
        mentor_ranking=4.0,
        experience_gap=0.5,
        same_position=0.5,
        preferred_form=1.0,
        same_organisation=0.25,
    ),
    "balanced": Weights(),
}
"""Ready-made weights: "по запросам", "по предпочтениям", "сбалансированно"."""

PRESET_LABELS: Mapping[str, str] = {
    "requests": "по запросам",
    "preferences": "по предпочтениям",
    "balanced": "сбалансированно",
}

DEFAULT_WEIGHTS = PRESETS["balanced"]


# --------------------------------------------------------------------------------------------
# Output data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """The score of an allowed pair: ``parts[criterion]`` is already multiplied by its weight
    and rounded to 6 decimals; ``total`` is their sum."""

    total: float
    parts: Mapping[str, float]

    @property
    def units(self) -> int:
        """The total in millionths, an exact integer (use it to compare scores)."""
        return round(self.total * SCALE)


@dataclass(frozen=True)
class Pair:
    mentee_id: Hashable
    mentor_id: Hashable
    score: Score
    reason: str
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: Hashable
    reason: str


@dataclass(frozen=True)
class Result:
    """``pairs`` sorted by the mentors' input order, then the mentees' input order;
    ``unmatched`` in the mentees' input order; ``total`` is the sum of the pairs' totals."""

    pairs: list[Pair]
    unmatched: list[Unmatched]
    total: float
    mode: str = "optimal"

    @property
    def matched_count(self) -> int:
        return len(self.pairs)


# --------------------------------------------------------------------------------------------
# Scoring: one pair (the reference) and all pairs at once (numpy, must agree exactly)
# --------------------------------------------------------------------------------------------

FORBIDDEN_SAME_PERSON = "same_person"
FORBIDDEN_UNWANTED_BY_MENTEE = "unwanted_by_mentee"
FORBIDDEN_UNWANTED_BY_MENTOR = "unwanted_by_mentor"
FORBIDDEN_NO_COVERAGE = "no_coverage"


def forbidden_reason(mentee: Mentee, mentor: Mentor) -> str | None:
    """Which hard rule forbids the pair (one of the ``FORBIDDEN_*`` codes), or None."""
    if mentee.person_id is not None and mentee.person_id == mentor.person_id:
        return FORBIDDEN_SAME_PERSON
    if mentor.id in mentee.unwanted:
        return FORBIDDEN_UNWANTED_BY_MENTEE
    if mentee.id in mentor.unwanted:
        return FORBIDDEN_UNWANTED_BY_MENTOR
    if mentee.requests and not any(c in mentor.competencies for c in mentee.requests):
        return FORBIDDEN_NO_COVERAGE
    return None


def _units(raw: float, weight: float) -> int:
    # The numpy path evaluates exactly the same expression: (raw * weight) * SCALE, then rounds
    # half to even (Python's round and np.rint agree).
    return round(raw * weight * SCALE)


def _ranking_raw(ranking: tuple, other_id: Hashable) -> float:
    """1.0 for the first place, (L - k + 1) / L for the k-th of L, 0.0 when not ranked."""
    try:
        position = ranking.index(other_id)
    except ValueError:
        return 0.0
    return (len(ranking) - position) / len(ranking)


def _position_key(position: str) -> str:
    return " ".join(position.split()).casefold()


def _raw_parts(mentee: Mentee, mentor: Mentor) -> dict[str, float]:
    """The criteria in [0, 1], before weighting."""
    denominator = 3 * sum(PRIORITY_WEIGHTS[p] for p in mentee.requests.values())
    numerator = sum(
        PRIORITY_WEIGHTS[p] * mentor.competencies[c]
        for c, p in mentee.requests.items()
        if c in mentor.competencies
    )
    gap = mentor.experience_years - mentee.experience_years
    position = _position_key(mentee.position)
    return {
        "coverage": numerator / denominator if denominator else 0.0,
        "mentee_ranking": _ranking_raw(mentee.ranking, mentor.id),
        "mentor_ranking": _ranking_raw(mentor.ranking, mentee.id),
        "experience_gap": min(max(gap, 0.0), MAX_EXPERIENCE_GAP) / MAX_EXPERIENCE_GAP,
        "same_position": float(bool(position) and position == _position_key(mentor.position)),
        "preferred_form": float(
            mentee.preferred_form is not None and mentee.preferred_form in mentor.forms
        ),
        "same_organisation": float(
            mentee.organisation is not None and mentee.organisation == mentor.organisation
        ),
    }


def _score_units(mentee: Mentee, mentor: Mentor, weights: Weights) -> dict[str, int] | None:
    if forbidden_reason(mentee, mentor) is not None:
        return None
    raw = _raw_parts(mentee, mentor)
    return {name: _units(raw[name], getattr(weights, name)) for name in CRITERIA}


def _make_score(units: Mapping[str, int]) -> Score:
    return Score(
        total=sum(units.values()) / SCALE,
        parts={name: units[name] / SCALE for name in CRITERIA},
    )


def score(mentee: Mentee, mentor: Mentor, weights: Weights = DEFAULT_WEIGHTS) -> Score | None:
    """Score one pair, or None when a hard rule forbids it (see the module docstring).

    Parts (each in [0, 1] times its weight, rounded to 6 decimals):

    * ``coverage``: Σ over the requests the mentor has of priority weight (1 → 3, 2 → 2, 3 → 1)
      × level / 3, divided by Σ of the priority weights of all requests; 0 without requests;
    * ``mentee_ranking``: the mentor's place k in the mentee's ranking of length L gives
      (L − k + 1) / L, 0 when not ranked; ``mentor_ranking`` likewise from the mentor's side;
    * ``experience_gap``: min(max(mentor's − mentee's years, 0), 10) / 10;
    * ``same_position``: 1 when the positions are equal ignoring case and spaces and not empty;
    * ``preferred_form``: 1 when the mentee's preferred form is among the mentor's forms;
    * ``same_organisation``: 1 when both organisations are set and equal.
    """
    units = _score_units(mentee, mentor, weights)
    return None if units is None else _make_score(units)


def _codes(values: Iterable[Hashable | None], table: dict) -> np.ndarray:
    """Integer codes of values (equal values, equal codes); None becomes -1."""
    out = []
    for value in values:
        if value is None:
            out.append(-1)
        else:
            out.append(table.setdefault(value, len(table)))
    return np.asarray(out, dtype=np.int64)


def _weighted(raw: np.ndarray, weight: float) -> np.ndarray:
    return np.rint(raw * weight * float(SCALE)).astype(np.int64)


def _score_matrix(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], weights: Weights
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs at once: ``(units, covers)``, both mentees × mentors.

    ``units[i, j]`` is the total score of the pair in millionths (exactly ``score().units``),
    or -1 when the pair is forbidden; ``covers[i, j]`` tells whether the mentor has at least
    one of the mentee's requests.
    """
    n, m = len(mentees), len(mentors)
    if n == 0 or m == 0:
        return np.zeros((n, m), dtype=np.int64), np.zeros((n, m), dtype=bool)
    competencies: dict = {}
    for mentee in mentees:
        for c in mentee.requests:
            competencies.setdefault(c, len(competencies))
    requests = np.zeros((n, len(competencies)))
    for i, mentee in enumerate(mentees):
        for c, p in mentee.requests.items():
            requests[i, competencies[c]] = PRIORITY_WEIGHTS[p]
    levels = np.zeros((m, len(competencies)))
    for j, mentor in enumerate(mentors):
        for c, level in mentor.competencies.items():
            if c in competencies:
                levels[j, competencies[c]] = level
    # Small integers: the float product is exact.
    numerator = requests @ levels.T
    covers = numerator > 0
    denominator = 3 * requests.sum(axis=1)
    has_requests = denominator > 0

    units = np.zeros((n, m), dtype=np.int64)
    if weights.coverage:
        # The coverage part depends only on the (integer) numerator and the mentee's
        # denominator: look it up in a table made by the reference formula itself.
        dens, den_code = np.unique(denominator.astype(np.int64), return_inverse=True)
        top = int(numerator.max(initial=0))
        coverage = np.array(
            [
                [_units(num / int(den), weights.coverage) if den else 0 for num in range(top + 1)]
                for den in dens
            ],
            dtype=np.int64,
        )
        units += coverage[den_code[:, None], numerator.astype(np.intp)]
    del numerator

    if weights.experience_gap:
        mentee_years = np.array([p.experience_years for p in mentees], dtype=np.float64)
        mentor_years = np.array([p.experience_years for p in mentors], dtype=np.float64)
        # In place, in the order of _raw_parts and _units: clip, / 10, * weight, * SCALE.
        raw = np.subtract(mentor_years[None, :], mentee_years[:, None])
        np.clip(raw, 0.0, MAX_EXPERIENCE_GAP, out=raw)
        raw /= MAX_EXPERIENCE_GAP
        raw *= weights.experience_gap
        raw *= float(SCALE)
        np.rint(raw, out=raw)
        np.add(units, raw, out=units, casting="unsafe")
        del raw

    def add_equal(weight: float, a: np.ndarray, b: np.ndarray) -> None:
        if weight:
            equal = (a[:, None] == b[None, :]) & (a[:, None] >= 0)
            units[equal] += _units(1.0, weight)

    table: dict = {}
    positions = (_position_key(p.position) or None for p in mentees)
    mentee_positions = _codes(positions, table)
    mentor_positions = _codes((_position_key(p.position) or None for p in mentors), table)
    add_equal(weights.same_position, mentee_positions, mentor_positions)
    table = {}
    mentee_orgs = _codes((p.organisation for p in mentees), table)
    mentor_orgs = _codes((p.organisation for p in mentors), table)
    add_equal(weights.same_organisation, mentee_orgs, mentor_orgs)

    if weights.preferred_form:
        table = {}
        preferred = _codes((p.preferred_form for p in mentees), table)
        offers = np.zeros((m, len(table) + 1), dtype=bool)
        for j, mentor in enumerate(mentors):
            for form in mentor.forms:
                if form in table:
                    offers[j, table[form]] = True
        # Column -1 (the extra last one) stays False: "no preferred form" matches nobody.
        units[offers[:, preferred].T] += _units(1.0, weights.preferred_form)

    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    mentor_index = {p.id: j for j, p in enumerate(mentors)}

    def add_ranking(weight: float, people: Sequence, index: dict, transpose: bool) -> None:
        if not weight:
            return
        rows, cols, numerators, denominators = [], [], [], []
        for a, person in enumerate(people):
            length = len(person.ranking)
            for position, other in enumerate(person.ranking):
                b = index.get(other)
                if b is not None:
                    rows.append(a)
                    cols.append(b)
                    numerators.append(length - position)
                    denominators.append(length)
        if not rows:
            return
        raw = np.asarray(numerators, dtype=np.int64) / np.asarray(denominators, dtype=np.int64)
        part = _weighted(raw, weight)
        if transpose:
            rows, cols = cols, rows
        units[np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)] += part

    add_ranking(weights.mentee_ranking, mentees, mentor_index, transpose=False)
    add_ranking(weights.mentor_ranking, mentors, mentee_index, transpose=True)

    allowed = covers | ~has_requests[:, None]
    table = {}
    mentee_persons = _codes((p.person_id for p in mentees), table)
    mentor_persons = _codes((p.person_id for p in mentors), table)
    allowed &= ~(
        (mentee_persons[:, None] == mentor_persons[None, :]) & (mentee_persons[:, None] >= 0)
    )
    for i, mentee in enumerate(mentees):
        for other in mentee.unwanted:
            j = mentor_index.get(other)
            if j is not None:
                allowed[i, j] = False
    for j, mentor in enumerate(mentors):
        for other in mentor.unwanted:
            i = mentee_index.get(other)
            if i is not None:
                allowed[i, j] = False
    units[~allowed] = -1
    return units, covers


# --------------------------------------------------------------------------------------------
# The exact optimum (mode="optimal")
# --------------------------------------------------------------------------------------------

_SOLVER: dict[str, Any] = {
    # Above this many allowed pairs, solve a candidate graph and prove it optimal (see the
    # module docstring); below, solve the whole graph at once.
    "prune_above": 150_000,
    # The first candidate graph: each mentee's best mentors, each mentor's best mentees.
    "candidates_per_mentee": 4,
    "candidates_per_place": 2,
    # ... and the pairs of a quick greedy matching (1) or not (0).
    "greedy_seed": 1,
    # After a failed proof, each mentee gets at most this many new candidates: the pairs of
    # lowest reduced cost below ``slack`` (units), the violating ones (below 0) first.
    "added_per_mentee": 16,
    "slack": SCALE,
    # Up to this many cells, a cost matrix goes to linear_sum_assignment (dense); larger ones to
    # min_weight_full_bipartite_matching (sparse).
    "dense_cells": 1_000_000,
    # Float solvers are exact while every partial sum of costs stays an integer below this.
    "float_exact": 2**52,
    # Dummy columns: "auto" (the cheaper exact formulation), "shared" or "private".
    "dummies": "auto",
}
"""Tuning knobs of the exact solver (tests shrink them to exercise every code path)."""


def _no_pairs() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)


def _solve_edges(
    ei: np.ndarray, ej: np.ndarray, eu: np.ndarray, caps: np.ndarray, n: int, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """The exact lexicographic optimum (most pairs, then the highest total) on an edge list.

    Edge e joins mentee ``ei[e]`` and mentor ``ej[e]`` with score ``eu[e]`` ≥ 0 (units); mentor j
    takes at most ``caps[j]`` mentees. Returns the matched (mentee, mentor) index arrays.

    The smaller side (mentees or mentor places) gives the rows of an assignment problem that
    must match every row; a row may instead take a dummy column. With k the maximum number of
    pairs (Hopcroft–Karp), either ``rows - k`` shared dummies of equal cost are offered (then
    exactly k real edges are used and no BIG is needed) or, when that would add too many
    entries, one private dummy per row costing BIG more than any real edge (the BIG trick).
    Real edges cost ``smax + 1 - score``: positive integers, all exact in float64.
    """
    keep = caps[ej] > 0
    ei, ej, eu = ei[keep], ej[keep], eu[keep]
    if len(ei) == 0:
        return _no_pairs()
    cap = np.minimum(caps, np.bincount(ej, minlength=m))
    place_start = np.concatenate(([0], np.cumsum(cap)))
    n_places = int(place_start[-1])
    place_mentor = np.repeat(np.arange(m), cap)
    # Every edge is copied to every place of its mentor.
    copies = cap[ej]
    first = np.cumsum(copies) - copies
    place = np.repeat(place_start[ej], copies) + (
        np.arange(int(copies.sum())) - np.repeat(first, copies)
    )
    mentee = np.repeat(ei, copies)
    units = np.repeat(eu, copies)
    smax = int(eu.max())

    places_are_rows = n_places <= n
    if places_are_rows:
        rows, cols, n_rows, n_cols = place, mentee, n_places, n
    else:
        rows, cols, n_rows, n_cols = mentee, place, n, n_places
    graph = csr_array((np.ones(len(rows), dtype=np.int8), (rows, cols)), (n_rows, n_cols))
    k = int(np.count_nonzero(maximum_bipartite_matching(graph, perm_type="column") >= 0))
    shared = n_rows - k
    mentee_best = np.zeros(n, dtype=np.int64)
    np.maximum.at(mentee_best, ei, eu)
    big = int(mentee_best.sum()) + 1
    private = n_rows * (big + smax + 1) < _SOLVER["float_exact"]
    if private and _SOLVER["dummies"] != "private":
        # Shared dummies need no BIG; they are cheaper unless they add too many entries.
        private = _SOLVER["dummies"] == "auto" and n_rows * shared > max(len(rows), n_rows)
    if not private:
        if n_rows * (smax + 2) >= _SOLVER["float_exact"]:
            raise MatchingError("Веса критериев слишком велики для точного расчёта: уменьшите их.")
        dummy_rows = np.repeat(np.arange(n_rows), shared)
        dummy_cols = n_cols + np.tile(np.arange(shared), n_rows)
        dummy_cost = float(smax + 1)
        width = n_cols + shared
    else:
        dummy_rows = np.arange(n_rows)
        dummy_cols = n_cols + dummy_rows
        dummy_cost = float(big + smax + 1)
        width = n_cols + n_rows
    all_rows = np.concatenate((rows, dummy_rows))
    all_cols = np.concatenate((cols, dummy_cols))
    costs = np.concatenate(
        ((smax + 1 - units).astype(np.float64), np.full(len(dummy_rows), dummy_cost))
    )
    if n_rows * width <= _SOLVER["dense_cells"]:
        matrix = np.full((n_rows, width), np.inf)
        matrix[all_rows, all_cols] = costs
        row_ind, col_ind = linear_sum_assignment(matrix)
    else:
        row_ind, col_ind = min_weight_full_bipartite_matching(
            csr_array((costs, (all_rows, all_cols)), shape=(n_rows, width))
        )
    real = col_ind < n_cols
    row_ind, col_ind = row_ind[real], col_ind[real]
    if places_are_rows:
        return col_ind.astype(np.intp), place_mentor[row_ind].astype(np.intp)
    return row_ind.astype(np.intp), place_mentor[col_ind].astype(np.intp)


def _bellman_ford(
    n_nodes: int, tails: np.ndarray, heads: np.ndarray, costs: np.ndarray
) -> np.ndarray:
    """Shortest distances from a virtual root joined to every node by a 0-cost arc, in exact
    int64 (vectorised Bellman–Ford, stops as soon as nothing improves)."""
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, starts = np.unique(heads, return_index=True)
    dist = np.zeros(n_nodes, dtype=np.int64)
    for _ in range(n_nodes + 1):
        best = np.minimum.reduceat(dist[tails] + costs, starts)
        improved = best < dist[targets]
        if not improved.any():
            return dist
        dist[targets[improved]] = best[improved]
    raise RuntimeError("Отрицательный цикл: решение на кандидатах не оптимально (ошибка движка).")


def _reduced_costs(
    units: np.ndarray,
    caps: np.ndarray,
    ci: np.ndarray,
    cj: np.ndarray,
    mi: np.ndarray,
    mj: np.ndarray,
    big: int,
) -> np.ndarray:
    """The optimality proof of a matching (mi, mj) found on the candidate pairs (ci, cj).

    The matching is a flow S → mentee → mentor → T plus a return arc T → S; a pair costs
    -(BIG + score). Node potentials are shortest distances in the residual network restricted
    to the candidates (it has no negative cycle, since the matching is optimal there). Every
    allowed pair left out is an extra residual arc mentee → mentor; if all of them have a
    non-negative reduced cost, the potentials are feasible for the full residual network, which
    then has no negative cycle either: the matching is optimal for the full problem (no
    augmenting path, no better exchange). Returns the reduced costs of all pairs (mentees ×
    mentors; meaningful for the allowed pairs outside the candidates).
    """
    n, m = units.shape
    source, sink, mentee0, mentor0 = 0, 1, 2, 2 + n
    matched = np.zeros(n, dtype=bool)
    matched[mi] = True
    load = np.bincount(mj, minlength=m)
    free = ~np.isin(ci * m + cj, mi * m + mj)
    fi, fj = ci[free], cj[free]
    lonely = np.flatnonzero(~matched)
    taken = np.flatnonzero(matched)
    room = np.flatnonzero(load < caps)
    busy = np.flatnonzero(load > 0)
    flow = int(len(mi) > 0)

    def const(value: int, count: int) -> np.ndarray:
        return np.full(count, value, dtype=np.int64)

    arcs = [  # (tails, heads, costs) of the residual network
        (const(source, len(lonely)), mentee0 + lonely, const(0, len(lonely))),
        (mentee0 + taken, const(source, len(taken)), const(0, len(taken))),
        (mentee0 + fi, mentor0 + fj, -(big + units[fi, fj])),
        (mentor0 + mj, mentee0 + mi, big + units[mi, mj]),
        (mentor0 + room, const(sink, len(room)), const(0, len(room))),
        (const(sink, len(busy)), mentor0 + busy, const(0, len(busy))),
        (const(sink, 1), const(source, 1), const(0, 1)),
        (const(source, flow), const(sink, flow), const(0, flow)),
    ]
    tails, heads, costs = (np.concatenate([a[k] for a in arcs]).astype(np.int64) for k in range(3))
    dist = _bellman_ford(2 + n + m, tails, heads, costs)
    reduced = (dist[mentee0:mentor0] - big)[:, None] - dist[None, mentor0:]
    reduced -= units
    return reduced


def _top_per_row(values: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest values of each row (in no particular order)."""
    if k <= 0:
        return np.zeros((values.shape[0], 0), dtype=np.intp)
    if k >= values.shape[1]:
        return np.broadcast_to(np.arange(values.shape[1]), values.shape)
    return np.argpartition(values, values.shape[1] - k, axis=1)[:, values.shape[1] - k :]


def _greedy(
    units: np.ndarray, caps: np.ndarray, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A quick maximal matching: the most constrained mentees first, each to her best mentor
    with a free place. Only a seed for the candidate graph (it makes the first candidate graph
    almost as large in pairs as the full one)."""
    live = units.copy()
    free = caps.copy()
    out_i, out_j = [], []
    for i in np.argsort(np.count_nonzero(allowed, axis=1), kind="stable").tolist():
        j = int(live[i].argmax())
        if live[i, j] < 0:
            continue
        out_i.append(i)
        out_j.append(j)
        free[j] -= 1
        if free[j] == 0:
            live[:, j] = -1
    return np.asarray(out_i, dtype=np.intp), np.asarray(out_j, dtype=np.intp)


def _solve_optimal(units: np.ndarray, caps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Most pairs, then the highest total: exact (see the module docstring).

    ``units`` is mentees × mentors with -1 for forbidden pairs; ``caps`` the free places.
    """
    n, m = units.shape
    if n == 0 or m == 0:
        return _no_pairs()
    allowed = units >= 0
    if np.count_nonzero(allowed) <= _SOLVER["prune_above"]:
        ei, ej = np.nonzero(allowed)
        return _solve_edges(ei, ej, units[ei, ej], caps, n, m)

    candidates = np.zeros((n, m), dtype=bool)
    top = _top_per_row(units, _SOLVER["candidates_per_mentee"])
    candidates[np.arange(n)[:, None], top] = True
    top = _top_per_row(units.T, _SOLVER["candidates_per_place"] * int(caps.max()))
    candidates[top, np.arange(m)[:, None]] = True
    if _SOLVER["greedy_seed"]:
        gi, gj = _greedy(units, caps, allowed)
        candidates[gi, gj] = True
    candidates &= allowed
    ci, cj = np.nonzero(candidates)
    excluded = candidates
    excluded |= ~allowed
    del candidates, allowed
    # BIG exceeds any matching's total score.
    big = int(np.maximum(units.max(axis=1), 0).sum()) + 1
    limit = np.iinfo(np.int64).max
    # At least one violating pair joins per round, so the loop ends.
    slack = max(0, int(_SOLVER["slack"]))
    per_mentee = max(1, int(_SOLVER["added_per_mentee"]))
    while True:
        mi, mj = _solve_edges(ci, cj, units[ci, cj], caps, n, m)
        reduced = _reduced_costs(units, caps, ci, cj, mi, mj, big)
        np.putmask(reduced, excluded, limit)
        near = reduced < slack
        counts = np.count_nonzero(near, axis=1)
        if not counts.any() or reduced[counts > 0].min() >= 0:
            return mi, mj
        # Each mentee's pairs of lowest reduced cost join the candidates: all of them when
        # there are few, the lowest ``added_per_mentee`` otherwise.
        few = (counts > 0) & (counts <= per_mentee)
        add_i, add_j = np.nonzero(near & few[:, None])
        many = np.flatnonzero(counts > per_mentee)
        if len(many):
            top = _top_per_row(-reduced[many], per_mentee)
            add_i = np.concatenate((add_i, np.repeat(many, per_mentee)))
            add_j = np.concatenate((add_j, top.ravel()))
        del reduced, near
        excluded[add_i, add_j] = True
        ci = np.concatenate((ci, add_i))
        cj = np.concatenate((cj, add_j))


# --------------------------------------------------------------------------------------------
# Deferred acceptance (mode="stable")
# --------------------------------------------------------------------------------------------


def _tie_ranks(ids: Sequence[Hashable]) -> np.ndarray:
    """The rank of each id in id order (str(id) order when the ids cannot be compared)."""
    order = list(range(len(ids)))
    try:
        order.sort(key=lambda k: ids[k])
    except TypeError:
        order.sort(key=lambda k: str(ids[k]))
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(ids))
    return ranks


def _preference_order(
    units: np.ndarray, explicit: np.ndarray, tie: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's allowed columns, best first: explicit ranking (``explicit`` ≥ 0 is the place
    in it), then descending score, then ``tie``. Returns (order, number of allowed per row)."""
    allowed = units >= 0
    n_cols = units.shape[1]
    top = int(units.max(initial=0)) + 1
    if top * (n_cols + 1) + n_cols < 2**62:
        key = (top - units) * n_cols + tie[None, :]
        ranked = (explicit >= 0) & allowed
        key[ranked] = explicit[ranked] - (int(explicit.max(initial=0)) + 1)
        key[~allowed] = np.iinfo(np.int64).max
        order = np.argsort(key, axis=1, kind="stable")
    else:  # pragma: no cover - only with absurd weights
        ranked = np.where((explicit >= 0) & allowed, explicit, np.iinfo(np.int64).max)
        primary = np.where(allowed, ranked, np.iinfo(np.int64).max)
        order = np.lexsort((np.broadcast_to(tie, units.shape), -units, primary), axis=1)
    return order, allowed.sum(axis=1)


def _explicit_places(
    people: Sequence[Mentee | Mentor], others: Mapping[Hashable, int], shape: tuple[int, int]
) -> np.ndarray:
    places = np.full(shape, -1, dtype=np.int64)
    for a, person in enumerate(people):
        for place, other in enumerate(person.ranking):
            b = others.get(other)
            if b is not None:
                places[a, b] = place
    return places


def _solve_stable(
    units: np.ndarray,
    caps: np.ndarray,
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
) -> tuple[np.ndarray, np.ndarray]:
    """Mentee-proposing deferred acceptance with capacities on the free mentees × mentors with
    free places (``units`` -1 for forbidden pairs). Returns matched (mentee, mentor) indices."""
    n, m = units.shape
    if n == 0 or m == 0:
        return _no_pairs()
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    mentee_order, mentee_counts = _preference_order(
        units,
        _explicit_places(mentees, mentor_index, (n, m)),
        _tie_ranks([p.id for p in mentors]),
    )
    mentor_order, _ = _preference_order(
        units.T,
        _explicit_places(mentors, mentee_index, (m, n)),
        _tie_ranks([p.id for p in mentees]),
    )
    # rank[j, i]: the place of mentee i in mentor j's order (forbidden ones come last).
    rank = np.empty((m, n), dtype=np.int64)
    np.put_along_axis(rank, mentor_order, np.arange(n)[None, :], axis=1)
    del mentor_order

    # A mentor accepts a proposal from a mentee ranked better than ``threshold``: anyone allowed
    # while he has room, then only someone better than the worst mentee he holds.
    threshold = np.full(m, n, dtype=np.int64)
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    next_place = np.zeros(n, dtype=np.int64)
    waiting = list(range(n - 1, -1, -1))
    while waiting:
        i = waiting.pop()
        prefs = mentee_order[i, next_place[i] : mentee_counts[i]]
        if len(prefs) == 0:
            continue
        accepted = rank[prefs, i] < threshold[prefs]
        hit = int(np.argmax(accepted))
        if not accepted[hit]:
            next_place[i] = mentee_counts[i]
            continue
        next_place[i] += hit + 1
        j = int(prefs[hit])
        heap = held[j]
        entry = (-int(rank[j, i]), i)
        if len(heap) < caps[j]:
            heapq.heappush(heap, entry)
        else:
            _, rejected = heapq.heapreplace(heap, entry)
            waiting.append(rejected)
        if len(heap) == caps[j]:
            threshold[j] = -heap[0][0]
    mi = [i for heap in held for _, i in heap]
    mj = [j for j, heap in enumerate(held) for _ in heap]
    return np.asarray(mi, dtype=np.intp), np.asarray(mj, dtype=np.intp)


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------


def _plural(number: int, one: str, few: str, many: str) -> str:
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def _years(value: float) -> str:
    value = round(value, 1)
    if value == int(value):
        whole = int(value)
        return f"{whole} {_plural(whole, 'год', 'года', 'лет')}"
    return f"{value:.1f}".replace(".", ",") + " года"


def _enumerate(items: Sequence[str]) -> str:
    """«а», «б» и «в»."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]


def _names(people: Sequence[Mentee | Mentor], limit: int = 3, total: int | None = None) -> str:
    """«А», «Б», «В» и ещё 4 (``total`` people in all, the first ones given)."""
    total = len(people) if total is None else total
    shown = ", ".join(_label(p) for p in people[:limit])
    if total > limit:
        shown += f" и ещё {total - limit}"
    return shown


def _competency(competency: Hashable, names: Mapping[Hashable, str]) -> str:
    return f"«{names.get(competency, competency)}»"


def _requests_text(mentee: Mentee, names: Mapping[Hashable, str]) -> str:
    ordered = sorted(mentee.requests, key=lambda c: (mentee.requests[c], str(c)))
    word = "запрос" if len(ordered) == 1 else "запросы"
    return f"{word} {_enumerate([_competency(c, names) for c in ordered])}"


_FORBIDDEN_TEXTS = {
    FORBIDDEN_SAME_PERSON: "это один и тот же человек",
    FORBIDDEN_UNWANTED_BY_MENTEE: "этот наставник в списке нежелательных у наставляемого",
    FORBIDDEN_UNWANTED_BY_MENTOR: "этот наставляемый в списке нежелательных у наставника",
}


def _forbidden_text(mentee: Mentee, mentor: Mentor, code: str, names: Mapping) -> str:
    if code == FORBIDDEN_NO_COVERAGE:
        return f"наставник не закрывает ни одного запроса ({_requests_text(mentee, names)})"
    return _FORBIDDEN_TEXTS[code]


def _pair_reason(
    mentee: Mentee, mentor: Mentor, pinned: bool, names: Mapping[Hashable, str]
) -> str:
    """Why this pair: the requests it closes, the rankings and the other criteria that hold."""
    facts = []
    if mentee.requests:
        covered = sorted(
            (c for c in mentee.requests if c in mentor.competencies),
            key=lambda c: (mentee.requests[c], str(c)),
        )
        described = [f"{_competency(c, names)} (приоритет {mentee.requests[c]})" for c in covered]
        word = "запрос" if len(covered) == 1 else "запросы"
        facts.append(f"закрывает {word} {_enumerate(described)}")
        missed = [_competency(c, names) for c in mentee.requests if c not in mentor.competencies]
        if missed:
            facts.append(f"не закрывает {_enumerate(missed)}")
    else:
        facts.append("у наставляемого нет запросов по компетенциям")
    if mentor.id in mentee.ranking:
        place = mentee.ranking.index(mentor.id) + 1
        facts.append(f"в предпочтениях наставляемого наставник на {place}-м месте")
    if mentee.id in mentor.ranking:
        place = mentor.ranking.index(mentee.id) + 1
        facts.append(f"в предпочтениях наставника наставляемый на {place}-м месте")
    raw = _raw_parts(mentee, mentor)
    gap = mentor.experience_years - mentee.experience_years
    if round(gap, 1) > 0:
        facts.append(f"опыт наставника больше на {_years(gap)}")
    if raw["same_position"]:
        facts.append(f"одинаковая должность («{' '.join(mentor.position.split())}»)")
    if raw["preferred_form"]:
        facts.append(f"подходит форма работы «{mentee.preferred_form}»")
    if raw["same_organisation"]:
        facts.append("одна организация")
    if pinned:
        facts.append("закреплено куратором")
    return "; ".join(facts)


def _unmatched_reason(
    mentee: Mentee,
    mentors: Sequence[Mentor],
    units_row: np.ndarray,
    covers_row: np.ndarray,
    free_places: np.ndarray,
    mode: str,
    names: Mapping[Hashable, str],
) -> str:
    if not mentors:
        return "в подборе нет ни одного наставника"
    if mentee.requests and not covers_row.any():
        return f"ни один наставник не закрывает {_requests_text(mentee, names)}"
    allowed = np.flatnonzero(units_row >= 0)
    if len(allowed) == 0:
        suitable = np.flatnonzero(covers_row) if mentee.requests else np.arange(len(mentors))
        groups: dict[str, list[Mentor]] = {}
        for j in suitable:
            code = forbidden_reason(mentee, mentors[j])
            groups.setdefault(code or "", []).append(mentors[j])
        parts = []
        if FORBIDDEN_UNWANTED_BY_MENTEE in groups:
            people = groups[FORBIDDEN_UNWANTED_BY_MENTEE]
            parts.append(f"нежелательны для наставляемого — {_names(people)}")
        if FORBIDDEN_UNWANTED_BY_MENTOR in groups:
            people = groups[FORBIDDEN_UNWANTED_BY_MENTOR]
            parts.append(f"наставляемый у них в списке нежелательных — {_names(people)}")
        if FORBIDDEN_SAME_PERSON in groups:
            parts.append(f"это тот же человек — {_names(groups[FORBIDDEN_SAME_PERSON])}")
        who = "все наставники, закрывающие запросы," if mentee.requests else "все наставники"
        return f"{who} исключены: " + "; ".join(parts)
    best_first = allowed[np.argsort(-units_row[allowed], kind="stable")]
    people = [mentors[j] for j in best_first[:3]]
    if (free_places[allowed] > 0).any():  # pragma: no cover - impossible in both modes
        return f"нет места в итоговом распределении (подходят {_names(people)})"
    text = f"все подходящие наставники заняты: {_names(people, total=len(allowed))}"
    if mode == "stable":
        text += " — каждый из них предпочёл тех, кого уже взял"
    return text


# --------------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------------


def _check_people(mentees: Sequence[Mentee], mentors: Sequence[Mentor]) -> None:
    for people, kind, cls in ((mentees, "наставляемых", Mentee), (mentors, "наставников", Mentor)):
        seen: dict[Hashable, Mentee | Mentor] = {}
        for person in people:
            if not isinstance(person, cls):
                raise MatchingError(f"В списке {kind} оказался посторонний объект: {person!r}.")
            if person.id in seen:
                raise MatchingError(
                    f"В списке {kind} код «{person.id}» повторяется: "
                    f"{_label(seen[person.id])} и {_label(person)}."
                )
            seen[person.id] = person
    mentee_ids = {p.id for p in mentees}
    mentor_ids = {p.id for p in mentors}
    for mentee in mentees:
        for what, ids in (
            ("списке предпочтений", mentee.ranking),
            ("нежелательных", mentee.unwanted),
        ):
            unknown = [x for x in ids if x not in mentor_ids]
            if unknown:
                raise MatchingError(
                    f"Наставляемый {_label(mentee)}: в {what} указан неизвестный "
                    f"наставник «{unknown[0]}»."
                )
    for mentor in mentors:
        for what, ids in (
            ("списке предпочтений", mentor.ranking),
            ("нежелательных", mentor.unwanted),
        ):
            unknown = [x for x in ids if x not in mentee_ids]
            if unknown:
                raise MatchingError(
                    f"Наставник {_label(mentor)}: в {what} указан неизвестный "
                    f"наставляемый «{unknown[0]}»."
                )


def _check_pins(
    pins: Iterable[tuple[Hashable, Hashable]],
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    names: Mapping[Hashable, str],
) -> dict[int, int]:
    """Validated pins as {mentee index: mentor index}."""
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    pinned: dict[int, int] = {}
    for pin in pins:
        try:
            mentee_id, mentor_id = pin
        except (TypeError, ValueError):
            raise MatchingError(
                f"Закрепление {pin!r} должно быть парой (наставляемый, наставник)."
            ) from None
        i, j = mentee_index.get(mentee_id), mentor_index.get(mentor_id)
        if i is None:
            mentor = _label(mentors[j]) if j is not None else f"«{mentor_id}»"
            raise MatchingError(
                f"Нельзя закрепить неизвестного наставляемого «{mentee_id}» "
                f"за наставником {mentor}: такого нет в подборе."
            )
        mentee = mentees[i]
        if j is None:
            raise MatchingError(
                f"Нельзя закрепить {_label(mentee)} за неизвестным наставником «{mentor_id}»: "
                "такого нет в подборе."
            )
        mentor = mentors[j]
        if i in pinned:
            raise MatchingError(
                f"{_label(mentee)} закрепляется дважды: за {_label(mentors[pinned[i]])} "
                f"и за {_label(mentor)}."
            )
        code = forbidden_reason(mentee, mentor)
        if code is not None:
            raise MatchingError(
                f"Нельзя закрепить {_label(mentee)} за наставником {_label(mentor)}: "
                f"{_forbidden_text(mentee, mentor, code, names)}."
            )
        others = [mentees[k] for k, jj in pinned.items() if jj == j]
        if len(others) >= mentor.capacity:
            places = _plural(mentor.capacity, "место", "места", "мест")
            raise MatchingError(
                f"Нельзя закрепить {_label(mentee)} за наставником {_label(mentor)}: "
                f"у наставника {mentor.capacity} {places}, и все уже заняты закреплёнными "
                f"парами ({_names(others, limit=5)})."
            )
        pinned[i] = j
    return pinned


def match(
    mentees: Iterable[Mentee],
    mentors: Iterable[Mentor],
    weights: Weights = DEFAULT_WEIGHTS,
    pins: Iterable[tuple[Hashable, Hashable]] = (),
    mode: str = "optimal",
    competency_names: Mapping[Hashable, str] | None = None,
) -> Result:
    """Pair mentees with mentors; see the module docstring for the model and the modes.

    ``pins`` are (mentee_id, mentor_id) pairs fixed by the curator; ``competency_names`` maps
    competency ids to the names used in the reasons. Every mentee ends up exactly once in
    ``Result.pairs`` or ``Result.unmatched``. Raises :class:`MatchingError` (a ValueError) on
    bad input.
    """
    mentees = list(mentees)
    mentors = list(mentors)
    if mode not in MODES:
        raise MatchingError(f"Неизвестный режим подбора «{mode}»: допустимы «optimal» и «stable».")
    if not isinstance(weights, Weights):
        raise MatchingError(f"Веса должны быть объектом Weights, а не {weights!r}.")
    names = dict(competency_names or {})
    _check_people(mentees, mentors)
    pinned = _check_pins(pins, mentees, mentors, names)

    units, covers = _score_matrix(mentees, mentors, weights)
    free_places = np.array([p.capacity for p in mentors], dtype=np.int64)
    for j in pinned.values():
        free_places[j] -= 1
    rows = np.array([i for i in range(len(mentees)) if i not in pinned], dtype=np.intp)
    cols = np.flatnonzero(free_places > 0)
    sub = units if len(rows) == len(mentees) and len(cols) == len(mentors) else None
    if sub is None:
        sub = units[np.ix_(rows, cols)]
    if mode == "optimal":
        mi, mj = _solve_optimal(sub, free_places[cols])
    else:
        mi, mj = _solve_stable(
            sub, free_places[cols], [mentees[i] for i in rows], [mentors[j] for j in cols]
        )
    del sub
    chosen = [(int(rows[a]), int(cols[b]), False) for a, b in zip(mi, mj, strict=True)]
    chosen += [(i, j, True) for i, j in pinned.items()]
    chosen.sort(key=lambda item: (item[1], item[0]))

    pairs = []
    total_units = 0
    for i, j, is_pin in chosen:
        parts = _score_units(mentees[i], mentors[j], weights)
        assert parts is not None
        total_units += sum(parts.values())
        pairs.append(
            Pair(
                mentee_id=mentees[i].id,
                mentor_id=mentors[j].id,
                score=_make_score(parts),
                reason=_pair_reason(mentees[i], mentors[j], is_pin, names),
                pinned=is_pin,
            )
        )
        if not is_pin:
            free_places[j] -= 1
    matched = {i for i, _, _ in chosen}
    unmatched = [
        Unmatched(
            mentee_id=mentee.id,
            reason=_unmatched_reason(
                mentee, mentors, units[i], covers[i], free_places, mode, names
            ),
        )
        for i, mentee in enumerate(mentees)
        if i not in matched
    ]
    return Result(pairs=pairs, unmatched=unmatched, total=total_units / SCALE, mode=mode)


def explain(
    mentee: Mentee,
    mentor: Mentor,
    weights: Weights = DEFAULT_WEIGHTS,
    competency_names: Mapping[Hashable, str] | None = None,
    pinned: bool = False,
) -> Pair:
    """One pair as ``match`` would describe it (score and reason), for a pair the curator sets
    by hand. Raises :class:`MatchingError` naming both people when a hard rule forbids it."""
    names = dict(competency_names or {})
    code = forbidden_reason(mentee, mentor)
    if code is not None:
        raise MatchingError(
            f"{_label(mentee)} и {_label(mentor)} не могут быть в паре: "
            f"{_forbidden_text(mentee, mentor, code, names)}."
        )
    result = score(mentee, mentor, weights)
    assert result is not None  # allowed pairs always score
    return Pair(
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        score=result,
        reason=_pair_reason(mentee, mentor, pinned, names),
        pinned=pinned,
    )
