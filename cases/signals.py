"""Case events for the apps above cases (messaging sends WhatsApp/SMS on them); cases never imports them.

Each is sent inside the transaction of the action, after the change is saved, with `actor`:
- complaint_received(case)               a new complaint was recorded (any channel)
- case_status_changed(case, old, new)    a workflow move
- referral_answered(referral, accepted)  the receiving organisation accepted or declined
- claim_status_changed(claim, old, new)  a BPJS claim moved
"""

from django.dispatch import Signal

complaint_received = Signal()
case_status_changed = Signal()
referral_answered = Signal()
claim_status_changed = Signal()
