"""factory_boy factories for the whole project. Apps add theirs below, one section each."""

import factory
from factory.django import DjangoModelFactory

from programme import services
from programme.models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Organisation,
    Programme,
    StaffMember,
    User,
)

LAST_NAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева"]
FIRST_NAMES = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина"]
PATRONYMICS = ["Сергеевна", "Ивановна", "Петровна", "Алексеевна", "Викторовна"]


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    short_name = factory.Sequence(lambda n: f"Детский сад № {n + 100}")
    full_name = factory.LazyAttribute(lambda o: f"БДОУ «{o.short_name}»")
    slug = factory.Sequence(lambda n: f"ds{n + 100}")
    address = "г. Омск, ул. Ленина, д. 1"
    city = "Омск"
    head_name = "Синицына Светлана Викторовна"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Анна"
    last_name = "Иванова"
    organisation = factory.SubFactory(OrganisationFactory)
    role = "teacher"
    password = factory.django.Password("пароль-для-тестов-1")


class StaffMemberFactory(DjangoModelFactory):
    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(OrganisationFactory)
    last_name = factory.Sequence(lambda n: LAST_NAMES[n % len(LAST_NAMES)])
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    patronymic = factory.Sequence(lambda n: PATRONYMICS[n % len(PATRONYMICS)])
    position = "vospitatel"
    experience_total = 6
    experience_here = 3
    category = "first"
    email = factory.Sequence(lambda n: f"teacher{n}@example.org")


class ProgrammeFactory(factory.Factory):
    """Programmes are made by the service, so every one has its 33-activity roadmap."""

    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2024
    title = factory.LazyAttribute(lambda o: f"Программа наставничества педагогов на {o.year} год")
    curator = None
    forms = factory.LazyFunction(lambda: ["teacher_teacher", "group"])
    default_capacity = 2
    council_protocol_number = "1"

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.programme_create(**kwargs)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        django_get_or_create = ["organisation", "name"]

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Компетенция {n}")


class MenteeProfileFactory(DjangoModelFactory):
    class Meta:
        model = MenteeProfile

    programme = factory.SubFactory(ProgrammeFactory)
    staff = factory.SubFactory(
        StaffMemberFactory, organisation=factory.SelfAttribute("..programme.organisation")
    )
    category = "young"


class MenteeRequestFactory(DjangoModelFactory):
    class Meta:
        model = MenteeRequest

    mentee = factory.SubFactory(MenteeProfileFactory)
    competency = factory.SubFactory(
        CompetencyFactory, organisation=factory.SelfAttribute("..mentee.programme.organisation")
    )
    priority = 1


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile

    programme = factory.SubFactory(ProgrammeFactory)
    staff = factory.SubFactory(
        StaffMemberFactory,
        organisation=factory.SelfAttribute("..programme.organisation"),
        experience_total=12,
        category="highest",
    )


class MentorCompetencyFactory(DjangoModelFactory):
    class Meta:
        model = MentorCompetency

    mentor = factory.SubFactory(MentorProfileFactory)
    competency = factory.SubFactory(
        CompetencyFactory, organisation=factory.SelfAttribute("..mentor.programme.organisation")
    )
    level = 2
