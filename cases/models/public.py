"""In-app notifications and the records behind the public complaint form."""


from django.conf import settings
from django.db import models
from django.utils import timezone

from .case import Case


class Notification(models.Model):
    """In-app notice for one user; the same text goes by e-mail when the user has an address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=300)
    # The same text as a message key and parameters (cases.texts), shown in the reader's language; empty for a
    # notice stored as plain text.
    text_key = models.CharField(max_length=300, blank=True)
    text_params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=200, blank=True)
    # Makes a reminder idempotent: one "due soon" notice per case, user and due date.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="notification_unique_key")]

    def __str__(self):
        return self.message

    @property
    def text(self):
        """The notice in the reader's language (the stored Indonesian text when it has no key)."""
        from ..texts import render

        return render(self.text_key, self.text_params) if self.text_key else self.message


class PublicSubmission(models.Model):
    """One public form submission by address (hashed): the throttle counts these, no cache needed."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}"


class PublicFormUse(models.Model):
    """Retired: the single use of one rendered public complaint form, as kept until cases 0014 (the key is now
    Case.form_key; 0015 moved these rows' keys there). Nothing writes or reads it any more."""

    key = models.CharField(max_length=64, unique=True)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.key


class ComplaintAnnouncement(models.Model):
    """That a new complaint was announced (its handlers told, the signal sent) by the background task
    cases.tasks.announce_complaint: written in the task's own transaction, so a task run twice after a worker
    died tells nobody twice."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M}"
