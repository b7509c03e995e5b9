from django import template

from core.formatting import phone, rupiah

register = template.Library()
register.filter("rupiah", rupiah)
register.filter("phone", phone)
