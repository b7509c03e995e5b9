from django import template

from core.formatting import rupiah

register = template.Library()
register.filter("rupiah", rupiah)
