"""Domain actions of the privacy app (tests call them directly)."""

from .access import access_json, access_pdf, build_access_file, consents_for
from .breach import affected_people, letter_pdf, mark_notified, record_breach
from .consents import record_consent, withdraw_all
from .erasure import erase_person, holds_for, is_erased, pseudonym_for
from .requests import answer_request, check_identity, escalate_late, file_request
from .retention import due_for_erasure, run_retention

__all__ = ["access_json", "access_pdf", "affected_people", "answer_request", "build_access_file", "check_identity",
           "consents_for", "due_for_erasure", "erase_person", "escalate_late", "file_request", "holds_for",
           "is_erased", "letter_pdf", "mark_notified", "pseudonym_for", "record_breach", "record_consent",
           "run_retention", "withdraw_all"]
