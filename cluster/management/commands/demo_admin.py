import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PASSWORD = "cluster-demo"  # noqa: S105 - dev-only login, refused when DEBUG is off


class Command(BaseCommand):
    help = "Create the dev site's admin login (DEBUG only) and print it."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("demo_admin only runs with DEBUG on (development settings).")
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True, "email": ""}
        )
        if created:
            user.set_password(password)
            user.save()
        shown = password if user.check_password(password) else "(unchanged since you set it)"
        self.stdout.write(
            f"Admin: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/  "
            f"user: {username}  password: {shown}"
        )
