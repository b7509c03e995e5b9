"""Test data built one way: factory-boy factories with valid defaults for the records the tests need.

Regions come from the `regions` fixture (official Blitar data), so factories take a village *code* (default
Jatinom) and never create regions. Records whose creation has rules beyond a row (permission check, audit,
derived rows: a case's tracking code, a placement's checklist and flags, a regulation's first stage event) are
created through their app's domain service, so a factory cannot make a record the application could not; a
`Person` goes through `Person.save()`, which derives its hashes and name key.

    person = PersonFactory(village=GOGODESO, sex="M")
    placement = PlacementFactory(actor=jatinom_operator, person=person)
    case = CaseFactory(actor=None, category="unpaid_wages")   # a public complaint
"""

import datetime

import factory
from factory.django import DjangoModelFactory

JATINOM = "35.05.10.2002"
BLITAR = "35.05"
PASSWORD = "Rahasia-Uji-123"


def make_nik(district="350510", birth=datetime.date(1995, 5, 17), sex="F", serial="0001"):
    """A well-formed NIK (people.nik): district, birth date (women add 40 to the day), serial."""
    day = birth.day + (40 if sex == "F" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


def _code(value):
    """A region given as a Region or its code."""
    return getattr(value, "pk", value)


def _region_ids(kwargs, *names):
    """`village=JATINOM` (a code or a Region) becomes `village_id=...`, so no factory looks a region up."""
    for name in names:
        if name in kwargs:
            value = kwargs.pop(name)
            kwargs.setdefault(f"{name}_id", _code(value))
    return kwargs


def _require_actor(factory_class, actor):
    if actor is None:
        raise TypeError(f"{factory_class.__name__} creates through the domain service: pass actor=<a user>")
    return actor


# --- Accounts --------------------------------------------------------------------------------------

class OrganisationFactory(DjangoModelFactory):
    """A referral organisation (accounts.Organisation); region is a code, default the regency of Blitar."""

    class Meta:
        model = "accounts.Organisation"

    name = factory.Sequence(lambda n: f"Lembaga {n}")
    kind = "other"
    region = BLITAR

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _region_ids(kwargs, "region")


class UserFactory(DjangoModelFactory):
    """A user with the suite's password; `memberships=[(role, region code or None), ...]` grants roles."""

    class Meta:
        model = "accounts.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)  # hashes the password

    @factory.post_generation
    def memberships(user, create, extracted, **kwargs):
        for role, region in extracted or ():
            MembershipFactory(user=user, role=role, region=region)


class MembershipFactory(DjangoModelFactory):
    """A role held in a region (a code; None for nationwide roles and organisation staff)."""

    class Meta:
        model = "accounts.Membership"

    user = factory.SubFactory(UserFactory)
    role = "village_operator"
    region = JATINOM
    organisation = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _region_ids(kwargs, "region")


# --- People ----------------------------------------------------------------------------------------

class PersonFactory(DjangoModelFactory):
    """A resident of `village` whose NIK is well formed and agrees with the village's district, birth date and
    sex. The sequence number `n` gives the name ("Warga n"), the NIK serial and the KK."""

    class Meta:
        model = "people.Person"

    class Params:
        n = factory.Sequence(lambda n: n + 1)

    village = JATINOM
    name = factory.LazyAttribute(lambda o: f"Warga {o.n}")
    sex = "F"
    birth_date = datetime.date(1995, 5, 17)
    # Serials run 0001-9999 and wrap: 0000 is not a valid serial.
    nik = factory.LazyAttribute(lambda o: make_nik(
        district=_code(o.village)[:8].replace(".", ""), birth=o.birth_date, sex=o.sex,
        serial=f"{(o.n - 1) % 9999 + 1:04d}"))
    kk = factory.LazyAttribute(lambda o: f"35051001010{o.n % 100000:05d}")

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _region_ids(kwargs, "village")


# --- Migrants --------------------------------------------------------------------------------------

class AgencyFactory(DjangoModelFactory):
    """A P3MI whose SIP3MI licence is valid 2024-2029 (reference data: written as a row, as an import does)."""

    class Meta:
        model = "migrants.Agency"

    name = "PT Maju Jaya"
    licence_number = factory.Sequence(lambda n: f"SIP3MI/{n + 1:03d}/2024")
    licence_valid_from = datetime.date(2024, 1, 1)
    licence_valid_until = datetime.date(2029, 1, 1)


class PlacementFactory(DjangoModelFactory):
    """A placement registered by `actor` through migrants.services.create_placement (permission check,
    document checklist, flags, audit): a domestic worker bound for Hong Kong on a two-year P2P contract."""

    class Meta:
        model = "migrants.Placement"

    person = factory.SubFactory(PersonFactory)
    destination_country = "HK"
    sector = "domestic"
    position = "housekeeper"
    employer_type = "household"
    scheme = "p2p"
    agency = factory.SubFactory(AgencyFactory)
    contract_start = datetime.date(2025, 1, 10)
    contract_end = datetime.date(2027, 1, 9)

    @classmethod
    def _create(cls, model_class, *args, actor=None, person=None, **data):
        from migrants import services

        unknown = set(data) - set(services.PLACEMENT_FIELDS)
        if unknown:
            raise TypeError(f"create_placement does not set {sorted(unknown)}: use PlacementRowFactory for a "
                            "placement in a state the services reach in several steps")
        return services.create_placement(_require_actor(cls, actor), person, **data)


class PlacementRowFactory(DjangoModelFactory):
    """A bare placement row in whatever state the test names (status, verified_at, ...), with no checklist,
    flags or audit: only for tests that read placements (report rollups, letter prefill) and need states that
    a chain of domain actions would reach. Its village is its person's, as create_placement sets it."""

    class Meta:
        model = "migrants.Placement"

    person = factory.SubFactory(PersonFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["village_id"] = kwargs["person"].village_id
        return super()._create(model_class, *args, **kwargs)


# --- Cases -----------------------------------------------------------------------------------------

class CaseFactory(DjangoModelFactory):
    """A complaint taken in through cases.services.intake_case (tracking code, consent, audit); actor=None is a
    public complaint. `village` is a code or a Region."""

    class Meta:
        model = "cases.Case"

    village = JATINOM
    category = "unpaid_wages"
    description = "Gaji 4 bulan belum dibayar."
    worker_name = "Sri Wahyuni"
    complainant_name = "Sutrisno"
    complainant_phone = "081234567890"

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        from cases.services import intake_case

        return intake_case(actor, **kwargs)


# --- Community, empowerment, governance ------------------------------------------------------------

class _ServiceFactory(DjangoModelFactory):
    """Creates through `create(actor, **fields)` of the app's services (validation, permission, audit)."""

    class Meta:
        abstract = True

    village = JATINOM

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _region_ids(kwargs, "village")

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        return cls._service()(_require_actor(cls, actor), **kwargs)


class CommunityGroupFactory(_ServiceFactory):
    """A KOPI group created by `actor` through community.services.create_group."""

    class Meta:
        model = "community.CommunityGroup"

    name = factory.Sequence(lambda n: f"KOPI {n}")
    kind = "kopi"

    @staticmethod
    def _service():
        from community.services import create_group

        return create_group


class ProgramFactory(_ServiceFactory):
    """An empowerment programme for returnees created by `actor` through empowerment.services.create_program."""

    class Meta:
        model = "empowerment.Program"

    title = factory.Sequence(lambda n: f"Pelatihan {n}")
    target_group = "returnee"
    starts_on = datetime.date(2026, 2, 1)

    @staticmethod
    def _service():
        from empowerment.services import create_program

        return create_program


class RegulationFactory(_ServiceFactory):
    """A village regulation (Perdes) in drafting, created by `actor` through governance.services."""

    class Meta:
        model = "governance.Regulation"

    kind = "perdes"
    title = factory.Sequence(lambda n: f"Perdes Pelindungan PMI {n}")

    @staticmethod
    def _service():
        from governance.services import create_regulation

        return create_regulation
