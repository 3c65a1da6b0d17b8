"""Benchmark of the matching engine (pairing/engine.py): no Django, no database.

Generates seeded random instances and prints figures, not assertions:

* ``match()`` on one kindergarten (50 mentees × 20 mentors), target ≤ 50 ms;
* ``match()`` on a regional network (5,000 mentees × 2,000 mentors with capacity 1–3,
  12 competencies, 1–4 requests, rankings of up to 5), target ≤ 5 s and ≤ 2 GiB peak memory;
* a bare ``scipy.optimize.linear_sum_assignment`` on the same scores (the dense mentee × slot
  matrix, forbidden pairs at a prohibitive cost) and the ratio;
* the stable mode on both instances;
* a stress case: every mentor with 3 places (6,000 places for 5,000 mentees).

Run with `.venv/bin/python bench/engine.py` (add `--small` to skip the large instance).
"""

import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from scipy.optimize import linear_sum_assignment

from pairing.engine import (
    PRESET_LABELS,
    PRESETS,
    Mentee,
    Mentor,
    Weights,
    _score_matrix,
    match,
)

COMPETENCIES = {
    f"c{k}": name
    for k, name in enumerate(
        [
            "Работа с родителями",
            "ИКТ",
            "Речевое развитие",
            "Инклюзия",
            "Проектная деятельность",
            "Игровые технологии",
            "Познавательное развитие",
            "Физическое развитие",
            "Художественно-эстетическое развитие",
            "Социально-коммуникативное развитие",
            "Документация",
            "Адаптация детей",
        ],
        start=1,
    )
}
POSITIONS = ["воспитатель", "учитель-логопед", "педагог-психолог", "музыкальный руководитель"]
FORMS = ["очно", "дистанционно", "смешанно"]


def instance(
    n_mentees: int, n_mentors: int, seed: int, organisations: int = 1
) -> tuple[list[Mentee], list[Mentor]]:
    rng = random.Random(seed)
    comps = list(COMPETENCIES)
    mentors_data = []
    covering: dict[str, list[int]] = {c: [] for c in comps}
    for j in range(n_mentors):
        competencies = {c: rng.randint(1, 3) for c in rng.sample(comps, rng.randint(1, 5))}
        for c in competencies:
            covering[c].append(j)
        mentors_data.append(competencies)
    mentees = []
    for i in range(n_mentees):
        requests = {c: rng.randint(1, 3) for c in rng.sample(comps, rng.randint(1, 4))}
        pool = sorted({j for c in requests for j in covering[c]})
        ranking = [10_000 + j for j in rng.sample(pool, min(len(pool), rng.randint(0, 5)))]
        unwanted = [10_000 + rng.randrange(n_mentors) for _ in range(rng.choice([0, 0, 0, 1]))]
        unwanted = [x for x in unwanted if x not in ranking]
        mentees.append(
            Mentee(
                id=i,
                name=f"Наставляемая {i}",
                requests=requests,
                ranking=ranking,
                unwanted=unwanted,
                experience_years=round(rng.uniform(0, 15), 1),
                position=rng.choice(POSITIONS),
                organisation=rng.randrange(organisations),
                preferred_form=rng.choice([*FORMS, None]),
                person_id=f"p{i}",
            )
        )
    mentors = []
    for j, competencies in enumerate(mentors_data):
        ranking = rng.sample(range(n_mentees), min(n_mentees, rng.randint(0, 5)))
        unwanted = [i for i in rng.sample(range(n_mentees), rng.choice([0, 0, 0, 1]))]
        unwanted = [x for x in unwanted if x not in ranking]
        mentors.append(
            Mentor(
                id=10_000 + j,
                name=f"Наставник {j}",
                competencies=competencies,
                capacity=rng.randint(1, 3),
                ranking=ranking,
                unwanted=unwanted,
                experience_years=round(rng.uniform(3, 35), 1),
                position=rng.choice(POSITIONS),
                organisation=rng.randrange(organisations),
                forms=rng.sample(FORMS, rng.randint(1, 3)),
                # Some mentors are also mentees (another programme, another competency).
                person_id=f"p{rng.randrange(n_mentees)}" if rng.random() < 0.05 else None,
            )
        )
    return mentees, mentors


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bare_lsa(mentees: list[Mentee], mentors: list[Mentor]) -> float:
    """A plain linear_sum_assignment on the dense mentee × slot matrix of the same scores
    (forbidden pairs cost more than any allowed pair): the baseline without the exact
    lexicographic guarantees, without pins, reasons or pruning."""
    units, _ = _score_matrix(mentees, mentors, Weights())
    slots = np.repeat(np.arange(len(mentors)), [m.capacity for m in mentors])
    cost = -units[:, slots].astype(np.float64)
    cost[cost > 0] = 1e12
    del units
    gc.collect()
    start = time.perf_counter()
    linear_sum_assignment(cost)
    return time.perf_counter() - start


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(
    title: str, n: int, m: int, seed: int, organisations: int, repeat: int, capacity: int = 0
) -> None:
    start = time.perf_counter()
    mentees, mentors = instance(n, m, seed, organisations)
    if capacity:
        mentors = [replace(p, capacity=capacity) for p in mentors]
    slots = sum(p.capacity for p in mentors)
    print(f"\n{title}: {n} наставляемых × {m} наставников ({slots} мест), seed {seed}")
    print(f"  генерация данных: {time.perf_counter() - start:.2f} с; RSS {rss_mib():.0f} МиБ")

    seconds, result = timed(lambda: match(mentees, mentors), repeat)
    print(
        f"  match(optimal): {seconds * 1000:.1f} мс (медиана из {repeat}); "
        f"пар {len(result.pairs)}, без пары {len(result.unmatched)}, сумма {result.total:.3f}"
    )
    print(f"  пик RSS процесса после match(optimal): {rss_mib():.0f} МиБ")
    for preset in ("requests", "preferences"):
        seconds_preset, other = timed(lambda p=preset: match(mentees, mentors, PRESETS[p]))
        print(
            f"  match(optimal, «{PRESET_LABELS[preset]}»): {seconds_preset * 1000:.1f} мс; "
            f"пар {len(other.pairs)}, сумма {other.total:.3f}"
        )

    tracemalloc.start()
    match(mentees, mentors)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  пик памяти, выделенной самим match(optimal) (tracemalloc): {peak / 2**20:.0f} МиБ")

    seconds_stable, stable = timed(lambda: match(mentees, mentors, mode="stable"), repeat)
    print(
        f"  match(stable): {seconds_stable * 1000:.1f} мс; "
        f"пар {len(stable.pairs)}, без пары {len(stable.unmatched)}, сумма {stable.total:.3f}"
    )

    units, _ = _score_matrix(mentees, mentors, Weights())
    print(f"  допустимых пар: {int((units >= 0).sum())} из {n * m}")
    del units
    lsa = statistics.median(bare_lsa(mentees, mentors) for _ in range(repeat))
    print(
        f"  голый linear_sum_assignment (плотная матрица {n} × {slots}): {lsa * 1000:.1f} мс; "
        f"match(optimal) / LSA = {seconds / lsa:.2f}"
    )
    print(f"  пик RSS процесса: {rss_mib():.0f} МиБ")


def main() -> None:
    report("Один детский сад", 50, 20, seed=1, organisations=1, repeat=21)
    if "--small" not in sys.argv:
        report("Сеть детских садов", 5000, 2000, seed=2, organisations=100, repeat=3)
        report(
            "Стресс: у всех наставников по 3 места",
            5000,
            2000,
            seed=3,
            organisations=100,
            repeat=1,
            capacity=3,
        )


if __name__ == "__main__":
    main()
