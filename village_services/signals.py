"""Village service events for the apps above (messaging); village_services never imports them.

- letter_ready(letter, request, actor): a letter was issued for a service request and waits at the office.
"""

from django.dispatch import Signal

letter_ready = Signal()
