"""Operations that migrations of a model moved between apps share."""

from django.db import migrations


def move_content_type(model: str, *, from_app: str, to_app: str) -> migrations.RunPython:
    """Re-label the content type of ``model`` when it moves from one app to another (its table kept), so that rows
    naming it by content type (notifications' subjects, admin log entries, permissions) still find it. On a new
    database there is no row yet: post_migrate creates it under the new app."""

    def relabel(from_label: str, to_label: str):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
            if not content_types.filter(app_label=to_label, model=model).exists():
                content_types.filter(app_label=from_label, model=model).update(app_label=to_label)

        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app))
