"""Bulk insertion of generated rows: COPY on PostgreSQL, bulk_create elsewhere, with primary keys assigned here."""

import io
import queue
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Max, Model

CHUNK_ROWS = 50_000
BULK_CREATE_BATCH_SIZE = 1_000
COPY_NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    return value.translate(COPY_ESCAPES)


def _copy_nullable(value) -> str:
    return COPY_NULL if value is None else str(value)


def _copy_converter(field):
    """How a value of ``field`` is written in COPY's text format; ``str`` suits numbers, dates and booleans."""
    if field.get_internal_type() in ("CharField", "TextField"):
        return _copy_text
    return _copy_nullable if field.null else str


class BulkTable:
    """The rows of one table waiting to be written; ``add`` gives each its primary key, counting on from the max."""

    def __init__(self, writer: "BulkWriter", model: type[Model], columns: tuple[str, ...]):
        self.writer = writer
        self.model = model
        self.columns = ("id", *columns)
        top = model._default_manager.using(writer.using).aggregate(top=Max("pk"))["top"]
        self.next_id = (top or 0) + 1
        self.rows: list[tuple] = []
        self.count = 0
        fields = {field.attname: field for field in model._meta.concrete_fields}
        # COPY leaves an unnamed column to the database, which knows none of Django's defaults: a field added to a
        # model without being named in demo/context.py would fail on PostgreSQL only, so it fails here everywhere.
        unnamed = fields.keys() - {model._meta.pk.attname, *columns}
        if unnamed:
            raise ImproperlyConfigured(
                f"The demo city writes {model._meta.label} without {', '.join(sorted(unnamed))}: name them in its "
                "Tables (demo/context.py), as docs/adding-a-model.md says."
            )
        converters = [str, *(_copy_converter(fields[column]) for column in columns)]
        self.converters = None if all(converter is str for converter in converters) else converters

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id = pk + 1
        self.rows.append((pk, *values))
        if len(self.rows) >= CHUNK_ROWS:
            self.writer.flush(until=self)
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        if self.writer.copier:
            self.writer.copier.submit(self._copy_statement(), self._copy_data())
        else:
            self.model._default_manager.using(self.writer.using).bulk_create(
                [self.model(**dict(zip(self.columns, row, strict=True))) for row in self.rows],
                batch_size=BULK_CREATE_BATCH_SIZE,
            )
        self.count += len(self.rows)
        self.rows = []

    def _copy_statement(self) -> str:
        quote = self.writer.connection.ops.quote_name
        return f"COPY {quote(self.model._meta.db_table)} ({', '.join(map(quote, self.columns))}) FROM STDIN"

    def _copy_data(self) -> io.StringIO:
        converters = self.converters
        if converters is None:
            lines = ["\t".join(map(str, row)) for row in self.rows]
        else:
            lines = [
                "\t".join([convert(value) for convert, value in zip(converters, row, strict=True)])
                for row in self.rows
            ]
        return io.StringIO("\n".join(lines) + "\n")


class _Copier(threading.Thread):
    """Runs the COPY statements, in order, on the seed's own connection and transaction but in a second thread:
    psycopg2 lets go of the GIL while PostgreSQL takes in a chunk, so Python generates the next one meanwhile."""

    def __init__(self, raw_connection):
        super().__init__(name="seed-copier", daemon=True)
        self.raw_connection = raw_connection
        self.jobs: queue.Queue = queue.Queue(maxsize=2)
        self.error: Exception | None = None

    def run(self) -> None:
        while (job := self.jobs.get()) is not None:
            if self.error is None:
                try:
                    with self.raw_connection.cursor() as cursor:
                        cursor.copy_expert(*job)
                except Exception as error:  # handed to the main thread, which raises it
                    self.error = error

    def submit(self, statement: str, data: io.StringIO) -> None:
        self.raise_error()
        self.jobs.put((statement, data))

    def stop(self) -> None:
        self.jobs.put(None)
        self.join()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


class BulkWriter:
    """Writes the demo city table by table; PostgreSQL gets COPY (through psycopg2), other databases bulk_create.

    Use it as a context manager inside the seed's transaction. On PostgreSQL, foreign keys are checked as each
    COPY ends (instead of all at commit), so tables are flushed in declaration order: parents before children.
    """

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        self.connection = connections[using]
        self.tables: dict[type[Model], BulkTable] = {}
        self.copier: _Copier | None = None

    def __enter__(self) -> "BulkWriter":
        if self.connection.vendor == "postgresql" and self.connection.Database.__name__ == "psycopg2":
            with self.connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.copier = _Copier(self.connection.connection)
            self.copier.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.copier and self.copier.is_alive():
            self.copier.stop()

    def table(self, model: type[Model], *columns: str) -> BulkTable:
        """The buffer of ``model``'s rows; each row added gives values for ``columns``, in that order."""
        self.tables[model] = BulkTable(self, model, columns)
        self._set_history_triggers(model, enabled=False)
        return self.tables[model]

    def _set_history_triggers(self, model: type[Model], *, enabled: bool) -> None:
        # Generated rows went through no workflow: the audit trail's triggers (user triggers; foreign keys are
        # internal ones and stay on) are off while they load, at the price of a table lock until commit.
        if self.copier:
            action = "ENABLE" if enabled else "DISABLE"
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"ALTER TABLE {self.connection.ops.quote_name(model._meta.db_table)} {action} TRIGGER USER"
                )

    def flush(self, until: BulkTable | None = None) -> None:
        """Write the buffered rows of every table declared up to ``until`` (all tables by default)."""
        for table in self.tables.values():
            table.flush()
            if table is until:
                break

    def finish(self) -> dict[type[Model], int]:
        """Write what is still buffered, move each sequence past the ids used and return the rows per model."""
        self.flush()
        if self.copier:
            self.copier.stop()
            self.copier.raise_error()
        with self.connection.cursor() as cursor:
            for statement in self.connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(statement)
        for model in self.tables:
            self._set_history_triggers(model, enabled=True)
        self._refresh_statistics()
        return {model: table.count for model, table in self.tables.items()}

    def _refresh_statistics(self) -> None:
        # The planner still takes the tables just loaded for empty until autovacuum gets to them: the first
        # scoring run would then nest loops over a million students (measured: minutes instead of seconds).
        if self.copier:
            with self.connection.cursor() as cursor:
                tables = ", ".join(self.connection.ops.quote_name(model._meta.db_table) for model in self.tables)
                cursor.execute(f"ANALYZE {tables}")
