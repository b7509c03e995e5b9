import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payung.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: a worker whose keys do not fit the database must not boot (core.checks).
from core.checks import refuse_to_start_with_wrong_keys  # noqa: E402

refuse_to_start_with_wrong_keys()
