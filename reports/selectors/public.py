"""Reads of the public page (7.6) and its Atom feed: the newest programme's results in figures,
the awarded mentors and the published cases, each person only as her publication consent allows
(152-ФЗ ст. 10.1). Nothing is cached: the consents are read on every request, so a withdrawal
takes a person off the page at once. A fixed number of queries, whatever the size."""

import re
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from pairing.models import GoalResult, Membership, Pairing, PairingStatus
from pairing.selectors.feedback import satisfaction_summary
from programme.models import Organisation, Programme, StaffMember
from surveys.models import Consent, ConsentKind, PublicationCategory
from surveys.selectors import ANONYMITY_THRESHOLD

from ..models import Award, Case, CaseMaterial, CaseStatus, PublicPage, PublicPhoto

NAME, POSITION, PHOTO, CASE = (
    PublicationCategory.NAME,
    PublicationCategory.POSITION,
    PublicationCategory.PHOTO,
    PublicationCategory.CASE,
)
MENTOR_ROLE, MENTEE_ROLE = "наставник", "наставляемый"
# Pairs that worked (fixed by an order): the figures count these.
WORKED = (PairingStatus.ACTIVE, PairingStatus.COMPLETED, PairingStatus.TERMINATED)


# --- Publication consents -----------------------------------------------------------------


def publication_permissions(staff_ids, *, organisation_id: int) -> dict[int, frozenset[str]]:
    """What each person allows to publish now: her valid (not withdrawn, not superseded)
    publication consent's categories. A person without one is not in the answer. One query."""
    rows = Consent.objects.filter(
        organisation_id=organisation_id,
        staff_id__in=set(staff_ids),
        kind=ConsentKind.PUBLICATION,
        withdrawn_at__isnull=True,
        superseded_by__isnull=True,
    ).values_list("staff_id", "publish_categories")
    return {
        staff_id: frozenset(c for c in (categories or []) if c in PublicationCategory.values)
        for staff_id, categories in rows
    }


@dataclass(frozen=True)
class PublicPerson:
    """A person as she may be shown: her role always, her name and position only if allowed."""

    role: str
    name: str = ""
    position: str = ""
    photo_url: str = ""

    @property
    def label(self) -> str:
        """«Наставник: Иванова Анна Сергеевна, воспитатель» or «Наставник» alone."""
        details = ", ".join(part for part in (self.name, self.position) if part)
        role = self.role[:1].upper() + self.role[1:]
        return f"{role}: {details}" if details else role


def public_person(
    staff: StaffMember, role: str, allowed: frozenset[str], *, photo_url: str = ""
) -> PublicPerson:
    return PublicPerson(
        role=role,
        name=staff.full_name if NAME in allowed else "",
        position=str(staff.get_position_display()) if POSITION in allowed else "",
        photo_url=photo_url if PHOTO in allowed else "",
    )


def photo_url(organisation: Organisation, staff_id: int) -> str:
    return reverse("reports:public_photo", args=[organisation.slug, staff_id])


def public_photo(organisation: Organisation, staff_id: int) -> PublicPhoto | None:
    """Her photo if the page is on and her valid publication consent allows it now."""
    allowed = publication_permissions([staff_id], organisation_id=organisation.pk).get(staff_id)
    if allowed is None or PHOTO not in allowed:
        return None
    return PublicPhoto.objects.filter(staff_id=staff_id, staff__organisation=organisation).first()


def photo_people(organisation: Organisation) -> list[tuple[StaffMember, PublicPhoto | None]]:
    """Everyone whose valid publication consent allows a photo, with the photo if uploaded
    (the managers' page). Two queries."""
    consents = (
        Consent.objects.filter(
            organisation=organisation,
            kind=ConsentKind.PUBLICATION,
            withdrawn_at__isnull=True,
            superseded_by__isnull=True,
        )
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name")
    )
    people = [c.staff for c in consents if PHOTO in (c.publish_categories or [])]
    photos = {p.staff_id: p for p in PublicPhoto.objects.filter(staff__in=[s.pk for s in people])}
    return [(staff, photos.get(staff.pk)) for staff in people]


def surname_stem(last_name: str) -> str:
    """The unchanging part of a surname in Russian cases: «Петрова» → «Петро» (Петровой,
    Петровым…). Short surnames are matched whole."""
    last_name = last_name.strip()
    return last_name[:-2] if len(last_name) >= 6 else last_name


def names_person(text: str, staff: StaffMember) -> bool:
    """Whether a text names the person (her surname in any case)."""
    stem = surname_stem(staff.last_name)
    if len(stem) < 3:
        return False
    return re.search(rf"(?<!\w){re.escape(stem)}", text or "", flags=re.IGNORECASE) is not None


def case_texts(case: Case) -> str:
    return "\n".join(
        (
            case.title,
            case.participants,
            case.problem,
            case.goal,
            case.what_was_done,
            case.results,
            case.lessons,
        )
    )


def case_people(case: Case) -> list[tuple[StaffMember, str]]:
    """The pair's people with their role: the mentor, then every mentee who was in it (the
    members prefetched or read)."""
    people = [(case.pairing.mentor.staff, MENTOR_ROLE)]
    people += [(m.mentee.staff, MENTEE_ROLE) for m in case.pairing.members.all()]
    return people


def case_publication_problems(case: Case, permissions: dict[int, frozenset[str]]) -> list[str]:
    """Why the case may not be published now (empty: it may). Every participant needs a valid
    publication consent that allows her case text; one whose surname is in the text needs it
    to allow her name too."""
    problems = []
    text = case_texts(case)
    for staff, role in case_people(case):
        allowed = permissions.get(staff.pk)
        if allowed is None:
            problems.append(
                f"{role.capitalize()} {staff.short_name}: нет действующего согласия на "
                "распространение персональных данных."
            )
            continue
        if CASE not in allowed:
            problems.append(
                f"{role.capitalize()} {staff.short_name}: согласие на распространение не "
                "разрешает публиковать текст кейса."
            )
        if NAME not in allowed and names_person(text, staff):
            problems.append(
                f"{role.capitalize()} {staff.short_name}: в тексте кейса есть фамилия, а согласие "
                "не разрешает публиковать имя. Уберите её из текста."
            )
    return problems


# --- The public page ------------------------------------------------------------------------


def public_page_for(slug: str) -> PublicPage | None:
    """The organisation's page if it is switched on (one query)."""
    return (
        PublicPage.objects.select_related("organisation")
        .filter(organisation__slug=slug, enabled=True)
        .first()
    )


def newest_programme(organisation: Organisation) -> Programme | None:
    return Programme.objects.filter(organisation=organisation).order_by("-year", "-pk").first()


def results_programme(organisation: Organisation) -> Programme | None:
    """The programme whose results the page shows: the newest closed year (its results are
    final), or, before any year is closed, the newest programme."""
    closed = (
        Programme.objects.filter(organisation=organisation, closed_at__isnull=False)
        .order_by("-year", "-pk")
        .first()
    )
    return closed or newest_programme(organisation)


@dataclass(frozen=True)
class Satisfaction:
    label: str
    mean: float
    responses: int


@dataclass
class Figures:
    pairs: int = 0
    completed: int = 0
    goal_achieved: int = 0
    mentors: int = 0
    mentees: int = 0
    satisfaction: list[Satisfaction] = field(default_factory=list)


def programme_figures(programme: Programme) -> Figures:
    """Pairs that worked, completed, with the goal fully achieved (confirmed outcome), the
    people in them, and the satisfaction means of mentors and mentees apart — each only from
    ANONYMITY_THRESHOLD answers."""
    counts = Pairing.objects.filter(programme=programme, status__in=WORKED).aggregate(
        pairs=Count("pk", distinct=True),
        completed=Count("pk", filter=Q(status=PairingStatus.COMPLETED), distinct=True),
        goal_achieved=Count(
            "pk",
            filter=Q(outcome__result=GoalResult.FULL, outcome__confirmed_at__isnull=False),
            distinct=True,
        ),
        mentors=Count("mentor__staff", distinct=True),
        mentees=Count("members__mentee__staff", distinct=True),
    )
    figures = Figures(**counts)
    for group in satisfaction_summary(programme):
        if group.hidden or group.responses < ANONYMITY_THRESHOLD:
            continue
        values = [int(value) * count for item in group.items for value, count in item.counts]
        answers = sum(count for item in group.items for _value, count in item.counts)
        if answers:
            figures.satisfaction.append(
                Satisfaction(group.label, round(sum(values) / answers, 1), group.responses)
            )
    return figures


@dataclass(frozen=True)
class PublicAward:
    nomination: str
    person: PublicPerson
    citation: str


@dataclass
class PublicCase:
    case: Case
    people: list[PublicPerson]
    links: list[CaseMaterial]


@dataclass
class PublicView:
    organisation: Organisation
    page: PublicPage
    programme: Programme | None
    figures: Figures | None
    awards: list[PublicAward]
    cases: list[PublicCase]

    @property
    def mean_satisfaction(self) -> float | None:
        if not self.figures or not self.figures.satisfaction:
            return None
        return round(fmean(s.mean for s in self.figures.satisfaction), 1)


def published_cases(organisation: Organisation):
    return (
        Case.objects.filter(programme__organisation=organisation, status=CaseStatus.PUBLISHED)
        .select_related("pairing__mentor__staff", "programme")
        .prefetch_related(
            Prefetch(
                "pairing__members",
                queryset=Membership.objects.select_related("mentee__staff").order_by("pk"),
            ),
            Prefetch("materials", queryset=CaseMaterial.objects.exclude(url="")),
        )
        .order_by("-published_at", "-pk")
    )


def public_view(page: PublicPage) -> PublicView:
    """Everything the page and the feed show, by the consents as they are now."""
    organisation = page.organisation
    programme = results_programme(organisation)
    figures = programme_figures(programme) if programme else None
    awards = (
        list(
            Award.objects.filter(nomination__programme=programme, staff__organisation=organisation)
            .select_related("nomination", "staff")
            .order_by("nomination__pk", "pk")
        )
        if programme
        else []
    )
    cases = list(published_cases(organisation))
    staff_ids = {a.staff_id for a in awards}
    for case in cases:
        staff_ids |= {staff.pk for staff, _role in case_people(case)}
    permissions = publication_permissions(staff_ids, organisation_id=organisation.pk)
    photos = set(
        PublicPhoto.objects.filter(
            staff_id__in=[pk for pk, allowed in permissions.items() if PHOTO in allowed]
        ).values_list("staff_id", flat=True)
    )

    def person(staff, role):
        url = photo_url(organisation, staff.pk) if staff.pk in photos else ""
        return public_person(staff, role, permissions[staff.pk], photo_url=url)

    shown_awards = []
    for award in awards:
        allowed = permissions.get(award.staff_id)
        if allowed is None:
            continue  # no valid publication consent: not on the page at all
        shown_awards.append(
            PublicAward(
                nomination=award.nomination.title,
                person=person(award.staff, "награждённый педагог"),
                # The citation speaks of her by name: published only with her name.
                citation=award.citation if NAME in allowed else "",
            )
        )
    shown_cases = [
        PublicCase(
            case=case,
            people=[person(staff, role) for staff, role in case_people(case)],
            links=list(case.materials.all()),
        )
        for case in cases
        if not case_publication_problems(case, permissions)
    ]
    return PublicView(
        organisation=organisation,
        page=page,
        programme=programme,
        figures=figures,
        awards=shown_awards,
        cases=shown_cases,
    )
