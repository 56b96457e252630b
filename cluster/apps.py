from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "cluster"
    label = "cluster"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: Django loads the models after this
        # module, and these modules import the models.
        from cluster import (
            checks,  # noqa: F401  (registers the system checks)
            signal_handlers,
        )
        from cluster.api.fields import CLUSTER_API_FIELDS, CONTENT_API_FIELDS
        from cluster.gate import patches
        from cluster.gate.forms import ClusterPageForm
        from cluster.models import ContentPage, PillarPage, TopicPage

        # The page models are the bottom layer and import nothing above them
        # (cluster/models.py); what the admin and the API add to them is attached here.
        for model in (PillarPage, TopicPage):
            model.base_form_class = ClusterPageForm  # the gate's errors at their blocks and fields
            if not any(field in model.api_fields for field in CLUSTER_API_FIELDS):
                model.api_fields = [*model.api_fields, *CLUSTER_API_FIELDS]
        if not any(field in ContentPage.api_fields for field in CONTENT_API_FIELDS):
            ContentPage.api_fields = [*ContentPage.api_fields, *CONTENT_API_FIELDS]
        patches.install()
        signal_handlers.connect()
