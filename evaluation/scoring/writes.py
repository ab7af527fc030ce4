"""Where a score's rows go: a run's snapshots of one chunk, or straight into the current rows of a few entities.

Both paths run the same computation (health.py, talent.py): a ``WITH`` chain over the entities a *scope* selects,
ending in a ``scored`` table of one row per scored entity. Each write is a fixed number of statements whatever
the number of rows. Statements begin with their verb (``INSERT INTO t WITH … SELECT``): Python's sqlite3 reports
the rows written only for those.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from evaluation.models import ScoringModel, ScoringRun
from evaluation.scoring.sql import PostgreSQL, as_of_parameters, begin_scoring, dialect, execute, weight_parameters


@dataclass(frozen=True)
class ScoreQuery:
    """One score's SQL, and the tables it writes."""

    snapshot: type[models.Model]
    current: type[models.Model]
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
        """Insert the current rows that ``select`` lists, or update them unless a newer computation wrote them
        (an incremental rescore that finished while a run was under way is fresher than the run)."""
        table = self.current._meta.db_table
        updated = ("run_id", "computed_at", "scoring_model_id", *self.figures)
        assignments = ", ".join(f"{column} = excluded.{column}" for column in updated)
        return (
            f"INSERT INTO {table} ({self.entity}, {', '.join(updated)}) {select} "
            f"ON CONFLICT ({self.entity}) DO UPDATE SET {assignments} "
            f"WHERE {table}.computed_at <= excluded.computed_at"
        )


def write_snapshots(query: ScoreQuery, *, run: ScoringRun, model: ScoringModel, scope: str, parameters: dict) -> int:
    """Replace the run's snapshot rows of the entities in ``scope`` by a fresh computation; the rows written."""
    sql = dialect()
    table, figures = query.snapshot._meta.db_table, ", ".join(query.figures)
    parameters = {**query.parameters(as_of=run.as_of, model=model), **parameters, "run": run.pk}
    with transaction.atomic():
        begin_scoring()
        execute(
            f"DELETE FROM {table} WHERE run_id = %(run)s AND {query.entity} IN ({query.members_where(scope)})",
            parameters,
        )
        return execute(
            f"INSERT INTO {table} (run_id, scoring_model_id, {query.entity}, {figures}) "
            f"{query.computation(sql, scope)} "
            f"SELECT %(run)s, %(scoring_model)s, {query.entity}, {figures} FROM scored",
            parameters,
        )


def write_current(query: ScoreQuery, *, as_of, model: ScoringModel, scope: str, parameters: dict) -> int:
    """Recompute the entities in ``scope`` straight into the current rows (no run), dropping the rows of those
    that are no longer scored; the rows written."""
    sql = dialect()
    parameters = {**query.parameters(as_of=as_of, model=model), **parameters, "computed_at": timezone.now()}
    with transaction.atomic():
        begin_scoring()
        # SQLite needs a WHERE before ON CONFLICT to tell the upsert from a join constraint.
        select = (
            f"{query.computation(sql, scope)} "
            f"SELECT {query.entity}, NULL, %(computed_at)s, %(scoring_model)s, {', '.join(query.figures)} "
            "FROM scored WHERE true"
        )
        written = execute(query.upsert(select), parameters)
        # The rows in scope it did not write are of entities no longer scored (a student withdrawn, an agreement
        # ended) or left without a score by the model (one weighing only components they have no data for). A
        # row a newer computation wrote stays.
        execute(
            f"DELETE FROM {query.current._meta.db_table} "
            f"WHERE {sql.in_few(query.entity, query.members_where(scope))} AND computed_at < %(computed_at)s",
            parameters,
        )
        return written


def publish_scores(query: ScoreQuery, run: ScoringRun) -> None:
    """Make the run's snapshots the city's current rows: upsert them, then drop the city's rows that still name
    another run (or none), as the run did not score their entity, unless they were written after it started."""
    table = query.current._meta.db_table
    parameters = {"run": run.pk, "city": run.city_id, "started_at": run.started_at}
    execute(
        query.upsert(
            f"SELECT {query.entity}, run_id, %(started_at)s, scoring_model_id, {', '.join(query.figures)} "
            f"FROM {query.snapshot._meta.db_table} WHERE run_id = %(run)s"
        ),
        parameters,
    )
    # After the upsert, the rows the run scored name it: this reads the current table, not the snapshots again.
    execute(
        f"DELETE FROM {table} WHERE {query.entity} IN ({query.members_where('college.city_id = %(city)s')}) "
        "AND (run_id IS NULL OR run_id <> %(run)s) AND computed_at <= %(started_at)s",
        parameters,
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
