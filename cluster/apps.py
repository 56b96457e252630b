from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "cluster"
    label = "cluster"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .gate import install

        install()
