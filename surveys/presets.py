"""The questionnaires shipped with the product (DESIGN §5), as data.

Every new programme gets a copy of each as an editable questionnaire (version 1). Questions
that feed the bases name their base field in `maps_to`; nothing is ever matched by wording.
"""

from programme.models.bases import MenteeCategory
from programme.models.roadmap import MentoringForm

FORMS = [(str(label), value) for value, label in MentoringForm.choices]
YES_NO = "yes_no"


# The interim feedback's promise: what the curator sees of the answers (enforced in
# pairing/selectors/feedback.py, PAIR_FIGURE_MIN_ANSWERS; said again in the consent text).
INTERIM_FEEDBACK_INTRO = (
    "Короткая анкета о том, как идёт работа в паре. Куратор видит оценки продвижения и "
    "комфорта только одной общей цифрой по паре (группе) — средней по наставнику и "
    "наставляемым вместе, когда сбор закрыт и ответили не меньше двух участников пары. Чья "
    "какая оценка, куратору не показывается."
)


def q(code, kind, text, **extra):
    return {"code": code, "kind": kind, "text": text, **extra}


def scale10(code, text, **extra):
    return q(
        code,
        "scale",
        text,
        scale=(1, 10, "совсем нет", "полностью"),
        **extra,
    )


PRESETS: dict[str, dict] = {
    "mentee_intake": {
        "title": "Анкета наставляемого",
        "description": (
            "Анкета помогает понять, в чём вам нужна поддержка, и подобрать наставника. "
            "Заполнение займёт 5–7 минут; можно сохранить и продолжить позже."
        ),
        "sections": [
            {
                "title": "О себе",
                "questions": [
                    q(
                        "experience",
                        "number",
                        "Ваш педагогический стаж, лет",
                        maps_to="staff.experience_total",
                    ),
                    q(
                        "category",
                        "single",
                        "Что лучше всего описывает вашу ситуацию?",
                        choices=[(str(label), value) for value, label in MenteeCategory.choices],
                        maps_to="mentee.category",
                    ),
                ],
            },
            {
                "title": "Затруднения и запросы",
                "description": "Отметьте, что даётся трудно, и насколько это важно для вас.",
                "questions": [
                    q(
                        "requests",
                        "competencies",
                        "В каких направлениях вам нужна помощь наставника?",
                        help_text="Для каждого выбранного направления укажите приоритет.",
                        maps_to="mentee.requests",
                    ),
                    q(
                        "difficulties",
                        "long_text",
                        "Опишите своими словами, что сейчас вызывает наибольшие трудности",
                        required=False,
                    ),
                ],
            },
            {
                "title": "Пожелания",
                "questions": [
                    q(
                        "preferred_form",
                        "single",
                        "Какая форма наставничества вам ближе?",
                        choices=FORMS,
                        maps_to="mentee.preferred_form",
                    ),
                    q(
                        "preferred_mentor",
                        "single",
                        "Есть ли коллега, которого вы хотели бы видеть своим наставником?",
                        help_text="В списке — наставники программы и кандидаты в наставники.",
                        required=False,
                        people_source="mentors",
                        maps_to="mentee.preferred_mentor",
                    ),
                    q(
                        "expectations",
                        "long_text",
                        "Чего вы ждёте от наставничества?",
                        required=False,
                    ),
                ],
            },
        ],
    },
    "third_party": {
        "title": "Сведения о запросах педагога от третьих лиц",
        "description": (
            "Заполняют педагог-психолог или руководитель о педагоге, давшем согласие "
            "на обработку персональных данных."
        ),
        "sections": [
            {
                "title": "Наблюдения",
                "questions": [
                    q(
                        "observed",
                        "competencies",
                        "В каких направлениях педагогу нужна поддержка?",
                        maps_to="mentee.requests",
                    ),
                    q("strengths", "long_text", "Сильные стороны педагога", required=False),
                    q(
                        "recommendations",
                        "long_text",
                        "Рекомендации для наставника",
                        required=False,
                    ),
                ],
            }
        ],
    },
    "mentor_intake": {
        "title": "Анкета наставника",
        "description": (
            "Анкета для педагогов, готовых стать наставниками. Ответы попадут в базу наставников "
            "программы."
        ),
        "sections": [
            {
                "title": "Опыт и компетенции",
                "questions": [
                    q(
                        "experience",
                        "number",
                        "Ваш педагогический стаж, лет",
                        maps_to="staff.experience_total",
                    ),
                    q(
                        "competencies",
                        "competencies",
                        "В каких направлениях вы можете помочь коллегам?",
                        help_text="Для каждого направления укажите уровень владения.",
                        maps_to="mentor.competencies",
                    ),
                    q(
                        "achievements",
                        "long_text",
                        "Ваши профессиональные достижения (конкурсы, публикации, открытые показы)",
                        required=False,
                        maps_to="mentor.achievements",
                    ),
                ],
            },
            {
                "title": "Готовность",
                "questions": [
                    q(
                        "capacity",
                        "number",
                        "Скольких наставляемых вы готовы сопровождать одновременно?",
                        maps_to="mentor.capacity",
                    ),
                    q(
                        "availability",
                        "short_text",
                        "Когда вам удобно встречаться с наставляемым?",
                        required=False,
                        maps_to="mentor.availability",
                    ),
                    q(
                        "preferred_forms",
                        "multiple",
                        "Какие формы наставничества вам подходят?",
                        choices=FORMS,
                        maps_to="mentor.preferred_forms",
                    ),
                    q(
                        "offer_to_others",
                        YES_NO,
                        "Согласны ли вы, чтобы вас предлагали наставником другим образовательным "
                        "организациям?",
                        maps_to="mentor.offer_to_others",
                    ),
                ],
            },
        ],
    },
    "preference": {
        "title": "Предпочтения после групповой встречи",
        "description": (
            "Расставьте места тем, с кем вам было бы комфортно работать (1 — самый желанный). "
            "Если с кем-то работать не хотите, отметьте это — ответ увидит только куратор."
        ),
        "sections": [
            {
                "title": "Предпочтения",
                "questions": [
                    q(
                        "ranking",
                        "ranking",
                        "С кем вы хотели бы работать в паре?",
                        people_source="counterparts",
                        allow_unwanted=True,
                        maps_to="pairing.preferences",
                    ),
                    q("comment", "long_text", "Комментарий для куратора", required=False),
                ],
            }
        ],
    },
    "interim_feedback": {
        "title": "Промежуточная обратная связь",
        "description": INTERIM_FEEDBACK_INTRO,
        "sections": [
            {
                "title": "Как идёт работа",
                "questions": [
                    scale10("progress", "Насколько вы продвинулись к цели?"),
                    scale10("comfort", "Насколько комфортно общение в паре?"),
                    q(
                        "meetings_enough",
                        YES_NO,
                        "Достаточно ли встреч с наставником (наставляемым)?",
                    ),
                    q("difficulties", "long_text", "Что мешает работе?", required=False),
                ],
            }
        ],
    },
    "satisfaction": {
        "title": "Удовлетворённость участием в программе наставничества",
        "description": "Оцените программу по шкале от 1 до 10. Анкета анонимна в сводке.",
        "sections": [
            {
                "title": "Оценки",
                "questions": [
                    scale10("organisation", "Организация программы наставничества"),
                    scale10("communication", "Комфорт общения с наставником (наставляемым)"),
                    scale10("personal_meetings", "Полезность личных встреч"),
                    scale10("group_meetings", "Полезность групповых встреч"),
                    scale10("support", "Ощущение поддержки"),
                    scale10("goals_clear", "Понятность целей и задач"),
                    scale10("expectations", "Оправдались ли ваши ожидания"),
                ],
            },
            {
                "title": "Дальше",
                "questions": [
                    q("continue", YES_NO, "Хотели бы вы продолжить работу в программе?"),
                    q("become_mentor", YES_NO, "Хотели бы вы в будущем стать наставником?"),
                    q("valuable", "long_text", "Что было самым ценным?", required=False),
                    q("missing", "long_text", "Чего не хватило?", required=False),
                ],
            },
        ],
    },
    "quality": {
        "title": "Мониторинг качества реализации программы (куратор)",
        "description": "Заполняет куратор программы по итогам года.",
        "sections": [
            {
                "title": "Качество программы",
                "questions": [
                    scale10("plan_done", "Насколько выполнен план мероприятий дорожной карты"),
                    scale10("pairs_stable", "Устойчивость наставнических пар"),
                    scale10("resources", "Обеспеченность ресурсами"),
                    q("strengths", "long_text", "Сильные стороны программы"),
                    q("weaknesses", "long_text", "Слабые стороны и риски"),
                    q("next_steps", "long_text", "Что изменить в следующем году", required=False),
                ],
            }
        ],
    },
}
