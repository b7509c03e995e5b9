from django.apps import AppConfig


class EmpowermentConfig(AppConfig):
    name = "empowerment"
