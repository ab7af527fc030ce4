"""Where a run's snapshot rows live, and how they become current without being copied.

The current scores (``PartnershipHealth``, ``TalentScore``) are database views over the snapshot tables: the rows
of each city's current run (``CityScores``). Publishing a run moves that pointer; nothing is rewritten.

On PostgreSQL each snapshot table is partitioned by run (list partitioning), and a run loads like a bulk load:

1. ``run_storage_prepare``: its own table, ``<snapshot table>_r<run>``, made like the parent with its checks but
   without indexes or foreign keys, and with ``CHECK (run_id = <run>)`` so that attaching it needs no scan;
2. the chunks ``INSERT … SELECT`` into that table (``load_table``);
3. ``run_storage_seal``: the parent's foreign keys added ``NOT VALID`` (a moment's lock on the referenced table)
   and validated apart (one statement each, without blocking writes to it; rows of a student or agreement deleted
   since their chunk go first, as the deletion's cascade would have taken them), then the table attached as the
   run's partition, which builds the parent's indexes on it, and analysed. Each step checks the catalogue first,
   so a crash anywhere leaves a state the next attempt finishes;
4. retention drops a run's table (``run_storage_drop``) instead of deleting rows.

A run whose rows are written through the parent from the start (the incremental path's baseline, rows made by
hand) gets an empty partition attached at once (``run_storage_attach_empty``). SQLite keeps one plain table per
score: the same statements write into it, sealing does nothing and retention deletes the run's rows.
"""

from django.db import IntegrityError, connection, models, transaction

from evaluation.models import PartnershipHealthSnapshot, ScoringRun, TalentScoreSnapshot

SNAPSHOTS: tuple[type[models.Model], ...] = (PartnershipHealthSnapshot, TalentScoreSnapshot)
# A partition cannot be dropped while a query reads the parent: retention waits this long, then leaves it for
# the next night rather than holding up the readers queued behind it.
DROP_LOCK_TIMEOUT = "2s"


def partitioned() -> bool:
    return connection.vendor == "postgresql"


def partition_name(snapshot: type[models.Model], run_id: int) -> str:
    return f"{snapshot._meta.db_table}_r{int(run_id)}"


def load_table(snapshot: type[models.Model], run_id: int) -> str:
    """The table a run's chunks write their rows into."""
    return partition_name(snapshot, run_id) if partitioned() else snapshot._meta.db_table


def _fetch(statement: str, parameters: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return cursor.fetchall()


def _run(statement: str, parameters: tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)


def _exists(table: str) -> bool:
    return bool(_fetch("SELECT to_regclass(%s) IS NOT NULL", (table,))[0][0])


def _attached(table: str) -> bool:
    return bool(_fetch("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s))", (table,))[0][0])


def run_storage_prepare(run: ScoringRun) -> None:
    """Make the run's load tables, empty (nothing on SQLite). Called once when the run starts, before any chunk."""
    if not partitioned():
        return
    for snapshot in SNAPSHOTS:
        table = partition_name(snapshot, run.pk)
        if not _exists(table):
            _run(
                f"CREATE TABLE {table} (LIKE {snapshot._meta.db_table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
                f"CONSTRAINT {table}_run CHECK (run_id = {int(run.pk)}))"
            )


def run_storage_attach_empty(run: ScoringRun) -> None:
    """Give a run an empty partition, attached at once, for rows written through the parent table."""
    if not partitioned():
        return
    for snapshot in SNAPSHOTS:
        _run(
            f"CREATE TABLE IF NOT EXISTS {partition_name(snapshot, run.pk)} PARTITION OF {snapshot._meta.db_table} "
            f"FOR VALUES IN ({int(run.pk)})"
        )


def run_storage_seal(run: ScoringRun) -> None:
    """Check the loaded rows' references, build their indexes and attach them as the run's partitions. Each step
    is its own transaction and is skipped when done, so this may be called again after a crash."""
    if not partitioned():
        return
    for snapshot in SNAPSHOTS:
        parent, table = snapshot._meta.db_table, partition_name(snapshot, run.pk)
        if _attached(table):
            continue
        # The parent's own foreign keys (not those of its partitions), as the partition must have them to attach.
        references = _fetch(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%s) AND contype = 'f' AND conparentid = 0",
            (parent,),
        )
        present = {
            name for (name,) in _fetch("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s)", (table,))
        }
        for name, definition in references:
            local = f"{name}_r{int(run.pk)}"
            if local not in present:
                with transaction.atomic():
                    _run(f"ALTER TABLE {table} ADD CONSTRAINT {local} {definition} NOT VALID")
            try:
                with transaction.atomic():
                    _run(f"ALTER TABLE {table} VALIDATE CONSTRAINT {local}")
            except IntegrityError:
                # Rows of entities deleted since their chunk computed them: they go, as the deletion's cascade
                # would have taken them, and the check is made again.
                with transaction.atomic():
                    _delete_orphans(table, local)
                    _run(f"ALTER TABLE {table} VALIDATE CONSTRAINT {local}")
        with transaction.atomic():
            _run(f"ALTER TABLE {parent} ATTACH PARTITION {table} FOR VALUES IN ({int(run.pk)})")
        _run(f"ANALYZE {table}")


def _delete_orphans(table: str, constraint: str) -> None:
    """Delete the rows of ``table`` whose reference by the (single-column) foreign key ``constraint`` is missing."""
    ((column, referenced, key),) = _fetch(
        "SELECT a.attname, c.confrelid::regclass::text, f.attname FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
        "WHERE c.conrelid = to_regclass(%s) AND c.conname = %s",
        (table, constraint),
    )
    _run(
        f"DELETE FROM {table} loaded WHERE NOT EXISTS "
        f"(SELECT 1 FROM {referenced} referenced WHERE referenced.{key} = loaded.{column})"
    )


def run_storage_drop(run_id: int) -> None:
    """Remove a run's snapshot rows (retention): its partitions dropped whole, or its rows deleted on SQLite."""
    if not partitioned():
        for snapshot in SNAPSHOTS:
            rows = snapshot.objects.filter(run_id=run_id)
            rows._raw_delete(rows.db)
        return
    with transaction.atomic():
        _run(f"SET LOCAL lock_timeout = '{DROP_LOCK_TIMEOUT}'")
        # Checks of rows written in this same transaction (a test's) would forbid the drop; none are pending else.
        _run("SET CONSTRAINTS ALL IMMEDIATE")
        for snapshot in SNAPSHOTS:
            _run(f"DROP TABLE IF EXISTS {partition_name(snapshot, run_id)}")
