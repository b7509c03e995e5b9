from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "village_services"
    # The label stays "services" so migrations, permissions ("services.*"), URLs and templates keep their names.
    label = "services"
