"""Give Moderators the publication gate's override permission.

Permissions are normally created after all migrations (post_migrate), so the
permission and its content type are created here, as Wagtail's own data
migrations do. The Moderators group is created if a site deleted it.
"""

from django.db import migrations

CODENAME = "publish_despite_validation_errors"
NAME = "Can publish despite validation errors"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")

    content_type, _ = ContentType.objects.get_or_create(app_label="cluster", model="validationgate")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    moderators, created = Group.objects.get_or_create(name="Moderators")
    if created:
        # A re-created Moderators group still needs to reach the admin.
        admin_access = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        moderators.permissions.add(*admin_access)
    moderators.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permission = Permission.objects.filter(content_type__app_label="cluster", codename=CODENAME).first()
    if permission is not None:
        for group in Group.objects.filter(permissions=permission):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("cluster", "0003_validationgate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Moderators comes from wagtailcore (0001_initial depends on it);
        # access_admin from wagtailadmin.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
