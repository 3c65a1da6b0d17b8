"""Every page of a programme, swept from the URL configuration: a curator of another
kindergarten never gets anything but 403/404/405, a teacher never gets a programme's page, an
anonymous visitor is sent to login. New pages are covered as soon as they are routed."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE = {"scope": "mentees", "code": "1.1", "slug": "ds30", "token": "x"}
NAMESPACES = {"programme", "surveys", "reports", "pairing"}


def _routes():
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                route = prefix + str(p.pattern)
                if "<int:pk>" in route:
                    yield f"{namespace}:{p.name}", route

    return sorted(set(walk(get_resolver().url_patterns)))


def _url(route, programme_pk):
    import re

    def fill(match):
        kind, name = match.group(1), match.group(2)
        if name == "pk":
            return str(programme_pk)
        return "1" if kind == "int" else SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


ROUTES = _routes()


def test_the_sweep_sees_the_programmes_pages():
    names = {name for name, _route in ROUTES}
    assert {"programme:dashboard", "surveys:results", "reports:roadmap_pdf"} <= names
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_another_kindergartens_curator_gets_nothing(other_curator_client, programme, name, route):
    url = _url(route, programme.pk)
    assert other_curator_client.get(url).status_code in (403, 404, 405), url
    assert other_curator_client.post(url, {}).status_code in (403, 404, 405), url


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_a_teacher_gets_no_programme_page(teacher_client, programme, name, route):
    url = _url(route, programme.pk)
    assert teacher_client.get(url).status_code in (403, 404, 405), url
    assert teacher_client.post(url, {}).status_code in (403, 404, 405), url


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _r in ROUTES])
def test_an_anonymous_visitor_is_sent_to_login(client, programme, name, route):
    url = _url(route, programme.pk)
    page = client.get(url)
    assert page.status_code in (302, 404, 405), url
    if page.status_code == 302:
        assert page["Location"].startswith("/accounts/login/"), url


# --- The regional coordinator sees figures, not people (issue 11, item 3) ------------------
#
# Every route of the product, classified for the regional coordinator. A new route fails
# `test_every_route_is_classified_for_the_regional_coordinator` until it is put here.
READS = "reads"  # figures, anonymous summaries, documents public by nature: 200 for her
NAMES = "names"  # named personal data: 403 for her, whatever kindergarten
CHANGES = "changes"  # managers' actions: 403 (or 405 for a GET of a POST-only action)
OWN = "own"  # a person's own pages, personal links, the public page: not a programme page
# The coordinator's own actions (issue 24 §1: adding a kindergarten to her territory, inviting
# its curator): 200 for her, and she may post; 403 for curators, heads and teachers.
ACTS = "acts"

REGIONAL = {
    # programme, roadmap, dashboard
    "programme:home": OWN,
    "programme:my_page": OWN,
    "programme:programme_list": READS,
    "programme:dashboard": READS,
    "programme:programme_create": CHANGES,
    "programme:programme_edit": CHANGES,
    "programme:programme_copy": CHANGES,
    "programme:activity_edit": CHANGES,
    # staff
    "programme:staff_list": NAMES,
    "programme:staff_export": NAMES,
    "programme:staff_create": CHANGES,
    "programme:staff_import": CHANGES,
    "programme:staff_import_template": CHANGES,
    "programme:staff_edit": CHANGES,
    "programme:staff_toggle_active": CHANGES,
    "programme:staff_create_login": CHANGES,
    # events: the list has counts; the event names who came, its files are anyone's
    "programme:event_list": READS,
    "programme:event_detail": NAMES,
    "programme:event_attachment_download": NAMES,
    "programme:event_create": CHANGES,
    "programme:event_edit": CHANGES,
    "programme:event_attendance": CHANGES,
    "programme:event_minutes": CHANGES,
    "programme:event_attachment_add": CHANGES,
    "programme:event_attachment_delete": CHANGES,
    # bases
    "programme:competency_list": CHANGES,
    "programme:competency_create": CHANGES,
    "programme:competency_load_defaults": CHANGES,
    "programme:competency_edit": CHANGES,
    "programme:competency_toggle": CHANGES,
    "programme:mentee_list": NAMES,
    "programme:mentee_analysis": NAMES,
    "programme:mentor_list": NAMES,
    "programme:comparison": NAMES,
    "programme:mentee_add": CHANGES,
    "programme:mentee_bulk": CHANGES,
    "programme:mentee_edit": CHANGES,
    "programme:mentee_status": CHANGES,
    "programme:mentor_add": CHANGES,
    "programme:mentor_edit": CHANGES,
    "programme:mentor_status": CHANGES,
    # assessment and interviews: rounds and parameters are figures, scores are people's
    "programme:assessment_home": READS,
    "programme:assessment_go": NAMES,
    "programme:score_grid": NAMES,
    "programme:round_export": NAMES,
    "programme:assessment_comparison": NAMES,
    "programme:parameter_create": CHANGES,
    "programme:parameters_defaults": CHANGES,
    "programme:parameter_edit": CHANGES,
    "programme:parameter_delete": CHANGES,
    "programme:round_create": CHANGES,
    "programme:interview_list": NAMES,
    "programme:interview_create": CHANGES,
    "programme:interview_edit": CHANGES,
    # training: attendance and experts' contacts are people's; materials are documents
    "programme:training_home": NAMES,
    "programme:expert_list": NAMES,
    "programme:material_list": READS,
    "programme:material_download": READS,
    "programme:training_settings": CHANGES,
    "programme:session_create": CHANGES,
    "programme:session_edit": CHANGES,
    "programme:training_mark": CHANGES,
    "programme:expert_edit": CHANGES,
    "programme:material_delete": CHANGES,
    # questionnaires: counts and anonymous summaries; answers, consents, invitations are named
    "surveys:questionnaire_list": READS,
    "surveys:results": READS,  # anonymous questionnaires only (see below)
    "surveys:results_open": READS,  # likewise
    "surveys:results_xlsx": NAMES,
    "surveys:invitation_list": NAMES,
    "surveys:consent_list": NAMES,
    "surveys:consent_scan": NAMES,
    "surveys:side_by_side": NAMES,
    "surveys:third_party": NAMES,
    "surveys:invitation_create": CHANGES,
    "surveys:invitation_remind": CHANGES,
    "surveys:invitation_sheets": CHANGES,
    "surveys:join_request_sheet": CHANGES,
    "surveys:join_request_done": CHANGES,
    "surveys:invitation_revoke": CHANGES,
    "surveys:self_assessment_start": CHANGES,
    "surveys:fill": OWN,
    "surveys:fill_consent": OWN,
    "surveys:fill_withdraw": OWN,
    "surveys:fill_thanks": OWN,
    "surveys:my_questionnaires": OWN,
    "surveys:my_consent_withdraw": OWN,
    "surveys:fill_mine": OWN,
    "surveys:fill_mine_consent": OWN,
    "surveys:fill_mine_withdraw": OWN,
    "surveys:fill_mine_thanks": OWN,
    "surveys:fill_publication": OWN,
    "surveys:my_publication_consent": OWN,
    "surveys:consent_forms_pdf": NAMES,
    "surveys:reconsent_remind": CHANGES,
    # documents
    "reports:roadmap_pdf": READS,
    "reports:mentor_consent_pdf": NAMES,
    "reports:mentor_addendum_pdf": NAMES,
    "reports:announcement_pdf": READS,
    "reports:join": OWN,
    # the head's documents to sign (draft orders, plans): her organisation's, named
    "reports:to_sign": NAMES,
    # pairing: the board, orders and pairs are the managers'
    "pairing:preferences": NAMES,
    "pairing:preferences_send": CHANGES,
    "pairing:board": NAMES,
    "pairing:board_run": CHANGES,
    "pairing:board_assign": CHANGES,
    "pairing:board_confirm": CHANGES,
    "pairing:board_pin": CHANGES,
    "pairing:board_remove": CHANGES,
    "pairing:board_group": CHANGES,
    "pairing:board_mentor_back": CHANGES,
    "pairing:board_ungroup": CHANGES,
    "pairing:board_terms": CHANGES,
    "pairing:order_list": NAMES,
    "pairing:order_draft": CHANGES,
    "pairing:order_detail": NAMES,
    "pairing:order_pdf": NAMES,
    "pairing:order_register": CHANGES,
    "pairing:order_notices_print": NAMES,
    "pairing:pairing_detail": NAMES,
    "pairing:pairing_terminate": CHANGES,
    "pairing:pairing_restore": CHANGES,
    "pairing:membership_leave": CHANGES,
    # pairing, stage 6. A pair's own pages (pairs/, plans/, meetings/ by the pair's, plan's or
    # meeting's id) are its mentor's, its mentees' and the organisation's managers'; anyone
    # else — another teacher, another kindergarten, the regional coordinator — gets 404
    # (pairing/tests/test_pairs.py sweeps them with real ids). Sign-in links and the calendar
    # feed are a person's own, by a secret token.
    "pairing:signin_request": OWN,
    "pairing:signin": OWN,
    "pairing:signin_sheets": NAMES,
    "pairing:pair": OWN,
    "pairing:pair_end": OWN,
    "pairing:outcome_record": OWN,
    "pairing:outcome_confirm": OWN,
    "pairing:outcome_return": OWN,
    "pairing:plan_for": OWN,
    "pairing:plan": OWN,
    "pairing:plan_edit": OWN,
    "pairing:plan_activity_add": OWN,
    "pairing:plan_activity_edit": OWN,
    "pairing:plan_activity_delete": OWN,
    "pairing:plan_activity_mark": OWN,
    "pairing:plan_evidence": OWN,
    "pairing:plan_submit": OWN,
    "pairing:plan_approve": OWN,
    "pairing:plan_return": OWN,
    "pairing:plan_new_version": OWN,
    "pairing:plan_comment": OWN,
    "pairing:plan_pdf": OWN,
    "pairing:meeting_create": OWN,
    "pairing:meeting": OWN,
    "pairing:meeting_edit": OWN,
    "pairing:meeting_delete": OWN,
    "pairing:meeting_outcome": OWN,
    "pairing:meeting_ics": OWN,
    "pairing:meeting_attachment": OWN,
    "pairing:meeting_attachment_delete": OWN,
    "pairing:my_calendar": OWN,
    "pairing:calendar_feed": OWN,
    # the curator's: feedback per pair names people; the satisfaction summary is anonymous
    # (from 3 responses per group), like the anonymous questionnaires' results
    "pairing:feedback": NAMES,
    "pairing:feedback_send_due": CHANGES,
    "pairing:feedback_round_delete": CHANGES,
    "pairing:satisfaction": READS,
    "pairing:satisfaction_send": CHANGES,
    "pairing:overview": NAMES,
    "pairing:overview_xlsx": NAMES,
    # monitoring (7.3, 7.4): anonymous figures (from 3 people) and the curator's analysis;
    # the per-person deltas stay on programme:assessment_comparison
    "reports:monitoring": READS,
    "reports:monitoring_pdf": READS,
    "reports:monitoring_xlsx": READS,
    # the ceremony (7.1–7.2): invitation lists, awards and certificates name people
    "reports:ceremony": NAMES,
    "reports:ceremony_invitations_pdf": NAMES,
    "reports:ceremony_certificates_pdf": NAMES,
    "reports:ceremony_certificate_pdf": NAMES,
    "reports:ceremony_invite": CHANGES,
    "reports:ceremony_guest_add": CHANGES,
    "reports:ceremony_invitation_remove": CHANGES,
    "reports:ceremony_invitations_send": CHANGES,
    "reports:ceremony_nomination_add": CHANGES,
    "reports:ceremony_nomination_delete": CHANGES,
    "reports:ceremony_award_add": CHANGES,
    "reports:ceremony_award_pair": CHANGES,
    "reports:ceremony_award_delete": CHANGES,
    "reports:ceremony_record": CHANGES,
    # stage 7, cases (7.5): they name the pair's people; the public page (7.6) is anyone's
    # when switched on (reports/tests/test_public.py), its switch the managers'
    "reports:case_list": NAMES,
    "reports:case_pdf": NAMES,
    "reports:case_create": CHANGES,
    "reports:case_edit": CHANGES,
    "reports:case_material_add": CHANGES,
    "reports:case_material_remove": CHANGES,
    "reports:case_status": CHANGES,
    "reports:public_settings": CHANGES,
    "reports:public_page": OWN,
    "reports:public_feed": OWN,
    "reports:public_photo": OWN,
    "reports:public_photo_upload": CHANGES,
    "reports:public_photo_delete": CHANGES,
    # closing the year (issue 23 §7–9): the teacher's history, the long-term base, the close
    "reports:history": NAMES,
    "programme:mentor_candidates": NAMES,
    "programme:mentor_candidate_add": CHANGES,
    "reports:closing": NAMES,
    "reports:close": CHANGES,
    "reports:archive": CHANGES,
    "reports:archive_download": NAMES,
    # the coordinator's roll-up of her territory (issue 24 §2): figures of every kindergarten
    "reports:territory": READS,
    "reports:territory_xlsx": READS,
    # her kindergartens and their curators' invitations (issue 24 §1): her own action, no names
    "programme:kindergarten_list": ACTS,
    "programme:kindergarten_create": ACTS,
    "programme:set_password": OWN,
}


def _all_routes():
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                yield f"{namespace}:{p.name}", prefix + str(p.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


ALL_ROUTES = _all_routes()
from tests.kindergarten_fixture import SECRET  # noqa: E402


def test_every_route_is_classified_for_the_regional_coordinator():
    names = {name for name, _route in ALL_ROUTES}
    assert names - set(REGIONAL) == set(), "classify the new routes in REGIONAL"
    assert set(REGIONAL) - names == set(), "remove the routes that are gone from REGIONAL"


def _regional_url(route, ids):
    import re

    def fill(match):
        kind, name = match.group(1), match.group(2)
        if name in ids:
            return str(ids[name])
        return "1" if kind == "int" else SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


def _routes_of(kind):
    return [(name, route) for name, route in ALL_ROUTES if REGIONAL.get(name) == kind]


@pytest.mark.parametrize(
    ("name", "route"), _routes_of(READS), ids=[n for n, _r in _routes_of(READS)]
)
def test_the_regional_coordinator_reads_figures_without_names(
    regional_client, kindergarten, name, route
):
    url = _regional_url(route, kindergarten)
    page = regional_client.get(url)

    if name == "surveys:results_open":
        assert page.status_code == 404, url  # fewer than three answers: nothing to read
        return
    assert page.status_code in (200, 302), url
    if page.get("Content-Type", "").startswith("text/html"):
        assert SECRET not in page.content.decode(), url


@pytest.mark.parametrize(("name", "route"), _routes_of(ACTS), ids=[n for n, _r in _routes_of(ACTS)])
def test_the_coordinators_own_actions_are_hers_only(
    regional_client, curator_client, teacher_client, name, route
):
    url = _regional_url(route, {})

    assert regional_client.get(url).status_code == 200, url
    for other in (curator_client, teacher_client):
        assert other.get(url).status_code == 403, url
        assert other.post(url, {}).status_code == 403, url


@pytest.mark.parametrize(
    ("name", "route"),
    _routes_of(NAMES) + _routes_of(CHANGES),
    ids=[n for n, _r in _routes_of(NAMES) + _routes_of(CHANGES)],
)
def test_the_regional_coordinator_gets_no_named_data_and_changes_nothing(
    regional_client, kindergarten, name, route
):
    url = _regional_url(route, kindergarten)
    page = regional_client.get(url)

    assert page.status_code in (403, 404, 405), (url, page.status_code)
    assert SECRET not in page.content.decode(errors="replace"), url
    assert regional_client.post(url, {}).status_code in (403, 404, 405), url
    if route.startswith("programmes/<int:pk>/"):
        # A programme's page she can see exists: refused for what it shows, not hidden.
        assert page.status_code in (403, 405), url


def test_the_regional_coordinator_reads_anonymous_summaries_only(regional_client, kindergarten):
    from django.urls import reverse

    pk = kindergarten["pk"]
    anonymous = regional_client.get(reverse("surveys:results", args=[pk, kindergarten["qid"]]))
    named = regional_client.get(reverse("surveys:results", args=[pk, kindergarten["intake"]]))
    export = regional_client.get(reverse("surveys:results_xlsx", args=[pk, kindergarten["qid"]]))

    assert anonymous.status_code == 200
    assert "results.xlsx" not in anonymous.content.decode()
    assert named.status_code == 403
    assert export.status_code == 403


def test_the_kindergartens_own_managers_still_see_the_named_pages(
    curator_client, head_client, kindergarten
):
    for name, route in _routes_of(NAMES):
        if name.startswith("pairing:") or name == "surveys:third_party":
            continue  # pairs, plans, orders have their own tests; a psychologist's form
        if name == "reports:case_pdf":
            continue  # a case needs a pair: reports/tests/test_cases.py opens its PDF
        if name in ("reports:history", "reports:archive_download"):
            continue  # by a staff member's / an archive's id: reports/tests/test_closing.py
        url = _regional_url(route, kindergarten)
        for client in (curator_client, head_client):
            assert client.get(url).status_code in (200, 302), url


@pytest.mark.django_db
def test_the_public_page_is_open_without_login_only_when_switched_on(client, org):
    from django.urls import reverse

    from reports.services.public import public_page_save

    url = reverse("reports:public_page", args=[org.slug])
    feed = reverse("reports:public_feed", args=[org.slug])
    assert client.get(url).status_code == 404
    assert client.get(feed).status_code == 404
    public_page_save(organisation=org, enabled=True, noindex=False)
    assert client.get(url).status_code == 200
    assert client.get(feed).status_code == 200
    public_page_save(organisation=org, enabled=False, noindex=False)
    assert client.get(url).status_code == 404
