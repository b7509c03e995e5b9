"""Placement events for the apps above migrants (webhooks deliver them to other systems); migrants never
imports its listeners.

Each is sent inside the transaction of the action, after the change is saved, with `actor`:
- placement_created(placement)                  a placement was recorded
- placement_status_changed(placement, old, new)  a lifecycle move (verification, departure, return, ...)
"""

from django.dispatch import Signal

placement_created = Signal()
placement_status_changed = Signal()
