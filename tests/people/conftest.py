# make_person is shared (tests/conftest.py, built with tests.factories.PersonFactory).
from tests.conftest import GOGODESO, JATINOM
from tests.factories import make_nik

__all__ = ["GOGODESO", "JATINOM", "make_nik"]
