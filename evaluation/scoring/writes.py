"""Where a score's rows go: a run's snapshots of one chunk, or straight into the current run of a few entities.

Both paths run the same computation (health.py, talent.py): a ``WITH`` chain over the entities a *scope* selects,
ending in a ``scored`` table of one row per scored entity. Each write is a fixed number of statements whatever
the number of rows. Statements begin with their verb (``INSERT INTO t WITH … SELECT``): Python's sqlite3 reports
the rows written only for those.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from evaluation.choices import RunState, RunTrigger, ScoreKind
from evaluation.models import CityScores, ScoringModel, ScoringRun
from evaluation.scoring.definitions import current_model
from evaluation.scoring.sql import (
    PostgreSQL,
    as_of_parameters,
    begin_scoring,
    dialect,
    execute,
    fetch,
    weight_parameters,
)
from evaluation.scoring.storage import load_table, run_storage_attach_empty


@dataclass(frozen=True)
class ScoreQuery:
    """One score's SQL, and the tables it writes."""

    snapshot: type[models.Model]
    entity: str  # the score tables' column naming the entity, e.g. "agreement_id"
    members: str  # FROM clause of the entities a scope chooses among; has the alias ``college``
    member_id: str  # the entity's id in ``members``
    scored: str  # condition on ``members``: this entity is scored (e.g. not withdrawn)
    figures: tuple[str, ...]  # the columns of ``scored`` written besides the entity
    computation: Callable[[PostgreSQL, str], str]  # (dialect, scope condition) → "WITH …, scored AS (…)"

    def parameters(self, *, as_of, model: ScoringModel) -> dict:
        return {
            **as_of_parameters(as_of),
            **weight_parameters(model.weights),
            **model.parameters,
            "scoring_model": model.pk,
        }

    def members_where(self, condition: str) -> str:
        return f"SELECT {self.member_id} FROM {self.members} WHERE {condition}"

    def upsert(self, select: str) -> str:
        """Insert into a run's snapshots the rows that ``select`` lists (run, entity, computed_at, incremental,
        model, figures), or update them unless a newer computation wrote them: an incremental rescore that
        finished while a run was under way is fresher than the run."""
        table = self.snapshot._meta.db_table
        updated = ("computed_at", "incremental", "scoring_model_id", *self.figures)
        assignments = ", ".join(f"{column} = excluded.{column}" for column in updated)
        return (
            f"INSERT INTO {table} (run_id, {self.entity}, {', '.join(updated)}) {select} "
            f"ON CONFLICT (run_id, {self.entity}) DO UPDATE SET {assignments} "
            f"WHERE {table}.computed_at <= excluded.computed_at"
        )


def write_snapshots(query: ScoreQuery, *, run: ScoringRun, model: ScoringModel, scope: str, parameters: dict) -> int:
    """Write the run's snapshot rows of the entities in ``scope`` into its load table (``storage``); the rows
    written. The caller makes this happen once per chunk (``runs.scoring_chunk_compute``)."""
    sql = dialect()
    parameters = {
        **query.parameters(as_of=run.as_of, model=model),
        **parameters,
        "run": run.pk,
        "computed_at": run.started_at,
    }
    with transaction.atomic():
        begin_scoring()
        return execute(
            f"INSERT INTO {load_table(query.snapshot, run.pk)} "
            f"(run_id, scoring_model_id, computed_at, incremental, {query.entity}, {', '.join(query.figures)}) "
            f"{query.computation(sql, scope)} "
            f"SELECT %(run)s, %(scoring_model)s, %(computed_at)s, {sql.false}, {query.entity}, "
            f"{', '.join(query.figures)} FROM scored",
            parameters,
        )


def write_current(query: ScoreQuery, *, as_of, model: ScoringModel, scope: str, parameters: dict) -> int:
    """Recompute the entities in ``scope`` straight into the current run of their city, dropping the rows of those
    that are no longer scored; the rows written. A row written later than this computation started stays."""
    sql = dialect()
    parameters = {**query.parameters(as_of=as_of, model=model), **parameters, "computed_at": timezone.now()}
    with transaction.atomic():
        begin_scoring()
        runs = current_runs_locked(query, scope=scope, parameters=parameters)
        if not runs:
            return 0
        parameters["runs"] = sql.ids(runs)
        # SQLite needs a WHERE before ON CONFLICT to tell the upsert from a join constraint.
        select = (
            f"{query.computation(sql, scope)} "
            f"SELECT pointer.run_id, scored.{query.entity}, %(computed_at)s, {sql.true}, %(scoring_model)s, "
            f"{', '.join(f'scored.{figure}' for figure in query.figures)} "
            f"FROM {query.members} JOIN scored ON scored.{query.entity} = {query.member_id} "
            f"JOIN {CityScores._meta.db_table} pointer ON pointer.city_id = college.city_id WHERE true"
        )
        written = execute(query.upsert(select), parameters)
        # The rows in scope it did not write are of entities no longer scored (a student withdrawn, an agreement
        # ended) or left without a score by the model (one weighing only components they have no data for). A
        # row a newer computation wrote stays.
        execute(
            f"DELETE FROM {query.snapshot._meta.db_table} WHERE {sql.one_of('run_id', 'runs')} "
            f"AND {sql.in_few(query.entity, query.members_where(scope))} AND computed_at < %(computed_at)s",
            parameters,
        )
        return written


def current_runs_locked(query: ScoreQuery, *, scope: str, parameters: dict) -> list[int]:
    """The current runs of the cities of the entities in ``scope``, locked against a publication until the
    transaction ends (``FOR SHARE``: rescores do not wait for each other). A city that has published no run yet
    is given its baseline run first."""
    cities = [
        city_id
        for (city_id,) in fetch(f"SELECT DISTINCT college.city_id FROM {query.members} WHERE {scope}", parameters)
    ]
    if not cities:
        return []
    locked = fetch(
        f"SELECT run_id FROM {CityScores._meta.db_table} WHERE {dialect().one_of('city_id', 'cities')} "
        f"{dialect().for_share}",
        {"cities": dialect().ids(cities)},
    )
    if len(locked) < len(cities):
        for city_id in cities:
            city_baseline_ensure(city_id=city_id)
        return current_runs_locked(query, scope=scope, parameters=parameters)
    return [run_id for (run_id,) in locked]


def city_baseline_ensure(*, city_id: int) -> None:
    """Give a city that has published no run a baseline run for the incremental path to write into (a city
    already pointing at a run is left alone). Serialised on the city's row."""
    from cities.models import City

    with transaction.atomic():
        City.objects.select_for_update().filter(pk=city_id).exists()
        if CityScores.objects.filter(city_id=city_id).exists():
            return
        now = timezone.now()
        run = ScoringRun.objects.create(
            city_id=city_id,
            as_of=timezone.localdate(now),
            trigger=RunTrigger.INCREMENTAL,
            state=RunState.BASELINE,
            health_model=current_model(ScoreKind.HEALTH),
            talent_model=current_model(ScoreKind.TALENT),
            queued_at=now,
            started_at=now,
            finished_at=now,
        )
        run_storage_attach_empty(run)
        CityScores.objects.create(city_id=city_id, run=run, published_at=now)


def carry_over(query: ScoreQuery, *, previous_run_id: int, run: ScoringRun) -> int:
    """Copy into ``run`` the rows the incremental path wrote into the previous current run after ``run`` started:
    they are fresher than the run's own (``upsert`` keeps the later of the two); the rows carried."""
    table = query.snapshot._meta.db_table
    columns = ("computed_at", "incremental", "scoring_model_id", *query.figures)
    return execute(
        query.upsert(
            f"SELECT %(run)s, {query.entity}, {', '.join(columns)} FROM {table} "
            "WHERE run_id = %(previous)s AND incremental AND computed_at > %(started_at)s"
        ),
        {"run": run.pk, "previous": previous_run_id, "started_at": run.started_at},
    )


def read_inputs(query: ScoreQuery, *, as_of, model: ScoringModel, entity_id: int, select: str) -> dict | None:
    """What one entity's score is computed from, as of ``as_of``: ``select`` reads the computation's own tables for
    the entity ``%(entity)s`` (so the same rules count them), in one statement; None if it is not scored."""
    scope = f"{query.member_id} = %(entity)s"
    parameters = {**query.parameters(as_of=as_of, model=model), "entity": entity_id}
    with connection.cursor() as cursor:
        cursor.execute(f"{query.computation(dialect(), scope)} {select}", parameters)
        row = cursor.fetchone()
        return None if row is None else dict(zip([column[0] for column in cursor.description], row, strict=True))
