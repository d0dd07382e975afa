"""The calibration: a fixed workload timed in the same run as every benchmark.

Machines here differ by 2 to 3 times for the same code (docs/benchmarks.md), so a figure alone
says little about the code. Every benchmark (bench/pages.py, bench/search.py,
bench/chat_fanout.py) also times this workload, on the same machine and at the same moment, and
prints it beside its figures as ``calibration: X ms``; ``figure / calibration`` then compares
across machines and across busy and quiet moments on one machine.

The workload is the kind of work a page does, fixed in size and content, with no I/O beyond
memory:

- a reference Django template (a loop over 40 items, escaping, filters, conditions) rendered
  TEMPLATE_RENDERS times with a fixed context, through a standalone ``Engine`` so that the
  project's templates and settings do not change it;
- a reference SQL query (a join, a filter, a GROUP BY and an ORDER BY over 2,000 rows) run
  SQL_RUNS times on an in-memory SQLite database;
- a pure-Python loop (string formatting, a dictionary, sorting) of PYTHON_ROUNDS rounds.

Nothing here may change without renaming the figure: a calibration is only useful if it is the
same everywhere. Django must be set up (``django.setup()``) before ``calibrate`` is called.

    .venv/bin/python bench/calibration.py     # alone, e.g. to compare two machines quickly
"""

import sqlite3
import statistics
import sys
import time
from pathlib import Path

TEMPLATE_RENDERS = 25
SQL_RUNS = 60
PYTHON_ROUNDS = 60_000

REFERENCE_TEMPLATE = """<ul class="posts">{% for post in posts %}
<li class="post{% if post.pinned %} post--pinned{% endif %}" id="post-{{ post.id }}">
<h3>{{ post.author|title }}</h3><p>{{ post.body|truncatewords:12 }}</p>
<p>{{ post.score|floatformat:1 }} · {{ post.tags|join:", "|default:"-" }}
· {{ post.comments|length }}</p>
{% for comment in post.comments %}<blockquote>{{ comment|upper }}</blockquote>{% endfor %}
</li>{% empty %}<li>none</li>{% endfor %}</ul>"""


def _template_context() -> dict:
    return {"posts": [
        {"id": number, "pinned": number % 7 == 0, "author": f"membre <{number}> & co",
         "body": " ".join(f"mot{word} l'été « {number} »" for word in range(20)),
         "score": number * 1.37, "tags": [f"tag{number % 5}", f"thème{number % 3}"],
         "comments": [f"commentaire {number}-{index}" for index in range(number % 4)]}
        for number in range(40)
    ]}


def time_template() -> float:
    from django.template import Context, Engine

    template = Engine(debug=False).from_string(REFERENCE_TEMPLATE)
    context = _template_context()
    started = time.perf_counter()
    for _ in range(TEMPLATE_RENDERS):
        template.render(Context(context))
    return time.perf_counter() - started


def time_sql() -> float:
    database = sqlite3.connect(":memory:")
    database.executescript(
        "CREATE TABLE author (id INTEGER PRIMARY KEY, region TEXT);"
        "CREATE TABLE post (id INTEGER PRIMARY KEY, author_id INTEGER, wall INTEGER, score REAL);"
        "CREATE INDEX post_wall ON post (wall, id DESC);")
    database.executemany("INSERT INTO author VALUES (?, ?)",
                         [(number, f"region{number % 18}") for number in range(350)])
    database.executemany("INSERT INTO post VALUES (?, ?, ?, ?)",
                         [(number, number % 350, number % 12, (number * 37 % 101) / 10)
                          for number in range(2_000)])
    query = ("SELECT a.region, count(*), avg(p.score) FROM post p JOIN author a "
             "ON a.id = p.author_id WHERE p.wall < ? GROUP BY a.region ORDER BY 2 DESC, 1")
    started = time.perf_counter()
    for run in range(SQL_RUNS):
        database.execute(query, (6 + run % 6,)).fetchall()
    elapsed = time.perf_counter() - started
    database.close()
    return elapsed


def time_python() -> float:
    started = time.perf_counter()
    table: dict[str, int] = {}
    for number in range(PYTHON_ROUNDS):
        key = f"clé-{number % 997}:{number % 13}"
        table[key] = table.get(key, 0) + len(key)
    sorted(table.items(), key=lambda item: (-item[1], item[0]))
    return time.perf_counter() - started


def calibrate(runs: int = 3) -> dict[str, float]:
    """The median of ``runs`` runs (after one warm-up) of each part, in milliseconds, and their
    sum as ``total``."""
    parts = {"template": time_template, "sql": time_sql, "python": time_python}
    for measure in parts.values():
        measure()
    result = {name: statistics.median(measure() for _ in range(runs)) * 1000
              for name, measure in parts.items()}
    result["total"] = sum(result.values())
    return result


def describe(result: dict[str, float]) -> str:
    """One line: ``calibration: 123.4 ms (template 80.1, SQL 30.2, Python 13.1)``."""
    return (f"calibration: {result['total']:.1f} ms (template {result['template']:.1f}, "
            f"SQL {result['sql']:.1f}, Python {result['python']:.1f}; median of 3; "
            "bench/calibration.py)")


def main() -> None:
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(describe(calibrate()))


if __name__ == "__main__":
    main()
