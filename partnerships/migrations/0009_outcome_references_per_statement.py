"""The allocation outcome's references to its round, student and posting, checked per statement on PostgreSQL.

A draft of 1,000,000 outcome rows made the commit run 3,000,000 deferred foreign-key checks, one query each
(28 s). On PostgreSQL these three foreign keys become statement-level triggers with transition tables: an insert or
update locks the referenced rows FOR KEY SHARE in one query per reference (as each foreign-key check does, so a
concurrent delete waits) and refuses the statement if any is missing; a delete of a referenced row, or a change of
its id, is refused while an outcome refers to it. No table lock is taken and nothing is ever unchecked. The checks
are immediate, not deferred to the commit: an outcome is written after its round, student and posting exist.
Other databases keep the plain foreign keys. A later AlterField of these fields would add a foreign key back.
"""

import django.db.models.deletion
from django.db import migrations, models

OUTCOME = "partnerships_allocationoutcome"
# column, referenced table
REFERENCES = [
    ("round_id", "partnerships_allocationround"),
    ("student_id", "colleges_student"),
    ("posting_id", "enterprises_posting"),
]


def _missing_check(column: str, table: str) -> str:
    """Lock the referenced rows of the statement's outcomes and count them against the distinct ids wanted."""
    return f"""
    SELECT count(*) INTO found FROM (
        SELECT 1 FROM {table} r WHERE r.id IN (SELECT {column} FROM new_rows WHERE {column} IS NOT NULL)
        FOR KEY SHARE OF r) AS locked;
    SELECT count(DISTINCT {column}) INTO wanted FROM new_rows;
    IF found <> wanted THEN
        RAISE EXCEPTION 'An allocation outcome refers to a missing row of {table} ({column}).'
            USING ERRCODE = 'foreign_key_violation', TABLE = '{OUTCOME}';
    END IF;"""


INSTALL = [
    f"""CREATE FUNCTION allocation_outcome_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE found bigint; wanted bigint;
BEGIN{"".join(_missing_check(column, table) for column, table in REFERENCES)}
    RETURN NULL;
END $$""",
    f"""CREATE TRIGGER allocation_outcome_references_insert AFTER INSERT ON {OUTCOME}
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION allocation_outcome_references()""",
    f"""CREATE TRIGGER allocation_outcome_references_update AFTER UPDATE ON {OUTCOME}
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION allocation_outcome_references()""",
] + [
    sql
    for column, table in REFERENCES
    for sql in (
        f"""CREATE FUNCTION {table}_outcome_refs_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows d JOIN {OUTCOME} o ON o.{column} = d.id) THEN
        RAISE EXCEPTION 'A row of {table} is still referred to by an allocation outcome ({column}).'
            USING ERRCODE = 'foreign_key_violation', TABLE = '{OUTCOME}';
    END IF;
    RETURN NULL;
END $$""",
        f"""CREATE TRIGGER outcome_refs_delete AFTER DELETE ON {table}
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {table}_outcome_refs_delete()""",
        f"""CREATE FUNCTION {table}_outcome_refs_rekey() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {OUTCOME} o WHERE o.{column} = OLD.id) THEN
        RAISE EXCEPTION 'A row of {table} referred to by an allocation outcome cannot change its id.'
            USING ERRCODE = 'foreign_key_violation', TABLE = '{OUTCOME}';
    END IF;
    RETURN NULL;
END $$""",
        f"""CREATE TRIGGER outcome_refs_rekey AFTER UPDATE OF id ON {table} FOR EACH ROW
WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {table}_outcome_refs_rekey()""",
    )
]


def checks_per_statement(apps, schema_editor):
    """The rekey trigger runs after the row (as the delete's after the statement): its query then sees an insert
    it had to wait for."""
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("partnerships", "AllocationOutcome")
    for column, _table in REFERENCES:
        for name in schema_editor._constraint_names(model, [column], foreign_key=True):
            schema_editor.execute(f"ALTER TABLE {OUTCOME} DROP CONSTRAINT {schema_editor.quote_name(name)}")
    for sql in INSTALL:
        schema_editor.execute(sql)


def foreign_keys_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER allocation_outcome_references_insert ON {OUTCOME}")
    schema_editor.execute(f"DROP TRIGGER allocation_outcome_references_update ON {OUTCOME}")
    schema_editor.execute("DROP FUNCTION allocation_outcome_references()")
    for column, table in REFERENCES:
        schema_editor.execute(f"DROP TRIGGER outcome_refs_delete ON {table}")
        schema_editor.execute(f"DROP TRIGGER outcome_refs_rekey ON {table}")
        schema_editor.execute(f"DROP FUNCTION {table}_outcome_refs_delete()")
        schema_editor.execute(f"DROP FUNCTION {table}_outcome_refs_rekey()")
        schema_editor.execute(
            f"ALTER TABLE {OUTCOME} ADD CONSTRAINT {OUTCOME[:20]}_{column}_fk FOREIGN KEY ({column}) "
            f"REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_merge_rounds_and_skill_profiles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="allocationoutcome",
            name="round",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outcomes",
                to="partnerships.allocationround",
                verbose_name="round",
            ),
        ),
        migrations.RunPython(checks_per_statement, foreign_keys_again),
    ]
