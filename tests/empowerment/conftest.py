from tests.community.conftest import kopi_gogodeso, kopi_jatinom, volunteer  # noqa: F401
