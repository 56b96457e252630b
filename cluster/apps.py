from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "cluster"
    label = "cluster"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cluster import checks  # noqa: F401  (checks registers the system checks
        from cluster.gate import api_v3 as api_gate
        from cluster.gate.rules import install
        from cluster.signal_handlers import connect

        install()
        api_gate.install()  # a refused publish on the v3 API answers 422, not 403
        connect()  # publishing or unpublishing clears the API's cached cluster data
