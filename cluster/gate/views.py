"""The override's confirmation step: "Publish despite errors…" after a refused Publish.

Only a refused Publish offers it (feedback.tell_refusal), and only to users
who hold the override permission. The screen names the page and its errors
and asks for a reason; publishing the latest revision under
`gate.override(user, reason)` writes the audit entry (rules.record_override).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cluster.gate import feedback
from cluster.gate import rules as gate


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this page goes live with these errors. It is written to the page history.",
    )
    # The draft the user saw: a newer one must be looked at again before it goes live.
    revision = forms.IntegerField(widget=forms.HiddenInput)


class PublishAnywayView(WagtailAdminTemplateMixin, FormView):
    template_name = "cluster/gate/publish_anyway.html"
    form_class = ReasonForm
    page_title = "Publish despite errors"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        may_publish = self.page.permissions_for_user(request.user).can_publish()
        if not may_publish or not gate.can_override(request.user):
            raise PermissionDenied
        lock = self.page.get_lock()
        if lock and lock.for_user(request.user):
            # As Wagtail's own Publish: a page locked by someone else is not published.
            messages.error(request, lock.get_message(request.user))
            return redirect(self.edit_url())
        self.revision = self.page.get_latest_revision()
        self.draft = self.revision.as_object() if self.revision else None
        self.findings = gate.blocking_findings(self.draft) if self.draft else []
        if not self.findings:
            # Nothing to override: Publish in the editor is the way (with its own checks).
            messages.success(request, "This draft passes validation: publish it from the editor.")
            return redirect(self.edit_url())
        return super().dispatch(request, page_id)

    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=(self.page.pk,))

    def get_breadcrumbs_items(self):
        return []  # Wagtail then shows the header with the title and the page's name

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_initial(self):
        return {"revision": self.revision.pk}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "count": len(self.findings),
            "errors_label": feedback.errors(len(self.findings)),
            "findings": feedback.findings_html(self.draft, self.findings),
            "edit_url": self.edit_url(),
        }

    def form_valid(self, form):
        if form.cleaned_data["revision"] != self.revision.pk:
            # Show the current errors with the current revision, so that confirming
            # again (having seen them) publishes what is shown.
            data = self.request.POST.copy()
            data["revision"] = self.revision.pk
            fresh = self.get_form_class()(data)
            fresh.is_valid()
            fresh.add_error(None, "The page was saved again after you opened this. Check its errors again.")
            return self.render_to_response(self.get_context_data(form=fresh))
        with transaction.atomic(), gate.override(self.request.user, form.cleaned_data["reason"]):
            self.revision.publish(user=self.request.user)
        scheduled = bool(self.draft.go_live_at and self.draft.go_live_at > timezone.now())
        done = feedback.override_done_message(len(self.findings), scheduled=scheduled)
        messages.success(self.request, done)
        return redirect(self.edit_url())


def admin_urls():
    return [
        path(
            "cluster/pages/<int:page_id>/publish-anyway/",
            PublishAnywayView.as_view(),
            name="cluster_publish_anyway",
        )
    ]
