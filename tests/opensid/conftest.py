from tests.migrants.conftest import agency, make_placement  # noqa: F401
