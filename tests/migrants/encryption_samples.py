"""Sample of the field recruiter register sealed in issue 19.3 (name, phone and notes under the recruiter's own data
key) for tests/core/test_encryption_keys.py::SAMPLES: every encrypted field holds a value."""


def make_recruiter(operator):
    from migrants.services import save_recruiter

    return save_recruiter(operator, None, name="Pak Darto", phone="+6281377665544", notes="Calo ke Taiwan")


def migrants_samples():
    return {"migrants.Recruiter": make_recruiter}
