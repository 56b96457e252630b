import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PASSWORD = "cluster-demo"  # noqa: S105 - dev-only login, refused when DEBUG is off


class Command(BaseCommand):
    help = "Create the dev site's admin login (DEBUG only) and print it with the addresses to open."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", default=os.environ.get("PORT", "8000"), help="the port `runserver` uses"
        )

    def handle(self, *, port, **options):
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
        # The last thing `make run` prints before the server starts: easy to find.
        base = f"http://127.0.0.1:{port}"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "  Cluster CMS, ready to serve:",
                    f"    site      {base}/intimacy/",
                    f"    admin     {base}/admin/",
                    f"    API docs  {base}/api/docs",
                    f"    login     user: {username}  password: {shown}",
                    "",
                ]
            )
        )
