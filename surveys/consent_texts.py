"""Consent texts (152-ФЗ), generated from the organisation's settings and the catalogue of data
the product stores, and the check that a text holds every part the law asks for.

Since 01.09.2025 a consent to processing is a separate document (ст. 9 ч. 1); a written consent
holds the parts of ст. 9 ч. 4: the subject (name, address, identity document), the operator
(name, address), the processor if processing is entrusted to one, the purpose, the list of data,
the actions and the means, the term and the way to withdraw, the signature. Publication on the
site («распространение») needs its own consent (ст. 10.1), in which the person chooses what may
be published and may set bans and conditions.

A text is a sequence of numbered parts «N. Заголовок. …»; `missing_parts` reads them back.
"""

from dataclasses import dataclass

from programme.models import Organisation
from programme.models.personal_data import CATEGORIES

from .models import ConsentKind, PublicationCategory

ADDRESS_MISSING = "адрес не указан"


@dataclass(frozen=True)
class Part:
    key: str
    heading: str


PROCESSING_PARTS = (
    Part("subject", "Субъект персональных данных"),
    Part("operator", "Оператор"),
    Part("processor", "Лицо, осуществляющее обработку по поручению оператора"),
    Part("purpose", "Цель обработки"),
    Part("data", "Перечень персональных данных"),
    Part("actions", "Действия с персональными данными и способы обработки"),
    Part("recipients", "Кому предоставляются данные"),
    Part("term", "Срок действия согласия"),
    Part("withdrawal", "Порядок отзыва согласия"),
    Part("signature", "Подпись субъекта"),
)

PUBLICATION_PARTS = (
    Part("subject", "Субъект персональных данных"),
    Part("operator", "Оператор"),
    Part("purpose", "Цель распространения"),
    Part("data", "Персональные данные, разрешённые для распространения"),
    Part("resources", "Где публикуются данные"),
    Part("bans", "Запреты и условия"),
    Part("term", "Срок действия согласия"),
    Part("withdrawal", "Порядок отзыва согласия"),
    Part("signature", "Подпись субъекта"),
)

SHARING_PARTS = (
    Part("subject", "Субъект персональных данных"),
    Part("operator", "Оператор"),
    Part("recipients", "Кому предоставляются данные"),
    Part("purpose", "Цель предоставления"),
    Part("data", "Перечень предоставляемых персональных данных"),
    Part("actions", "Действия с персональными данными и способы обработки"),
    Part("term", "Срок действия согласия"),
    Part("withdrawal", "Порядок отзыва согласия"),
    Part("signature", "Подпись субъекта"),
)

# What another kindergarten sees of a shared mentor: her card (and nothing else).
SHARED_DATA = (
    "фамилия, имя, отчество",
    "должность",
    "педагогический стаж",
    "квалификационная категория",
    "компетенции наставника и их уровень",
    "формы наставничества, в которых я работаю",
    "число свободных мест (наставляемых, которых я могу принять)",
)

PARTS = {
    ConsentKind.PROCESSING: PROCESSING_PARTS,
    ConsentKind.PUBLICATION: PUBLICATION_PARTS,
    ConsentKind.SHARING: SHARING_PARTS,
}

SUBJECT = (
    "Я, субъект персональных данных, — фамилия, имя, отчество, адрес, документ, "
    "удостоверяющий личность (вид, серия, номер, кем и когда выдан), указаны в бланке согласия "
    "(при согласии онлайн — фамилия, имя, отчество из записи о согласии), — свободно, своей "
    "волей и в своём интересе даю согласие на условиях ниже."
)
SIGNATURE = (
    "На бумажном бланке — собственноручная подпись и дата. При согласии онлайн — отметка "
    "«даю согласие» на отдельной странице; оператор записывает дату, время, версию текста, "
    "IP-адрес и сведения о браузере."
)


def _operator(organisation: Organisation) -> str:
    return (
        f"{organisation.full_name}, адрес: {organisation.address or ADDRESS_MISSING}"
        + (f", электронная почта: {organisation.email}" if organisation.email else "")
        + (f", телефон: {organisation.phone}" if organisation.phone else "")
        + "."
    )


def _processor(organisation: Organisation) -> str:
    if organisation.processor_name:
        address = organisation.processor_address or ADDRESS_MISSING
        return (
            f"{organisation.processor_name}, адрес: {address}, — по поручению оператора "
            "обеспечивает хранение данных на своих серверах (размещение системы) и не "
            "использует их в своих целях."
        )
    return "Обработка персональных данных другим лицам не поручается."


def _numbered(parts: tuple[Part, ...], texts: dict[str, str]) -> str:
    return "\n\n".join(
        f"{number}. {part.heading}. {texts[part.key]}" for number, part in enumerate(parts, start=1)
    )


def processing_text(organisation: Organisation) -> tuple[str, str]:
    title = "Согласие на обработку персональных данных"
    data = "\n".join(f"— {category.label};" for category in CATEGORIES)
    texts = {
        "subject": SUBJECT,
        "operator": _operator(organisation),
        "processor": _processor(organisation),
        "purpose": (
            "организация и реализация программы наставничества педагогических работников: "
            "анкетирование, формирование баз наставников и наставляемых, подбор и закрепление "
            "наставнических пар, оценка, мониторинг и подведение итогов программы."
        ),
        "data": "\n" + data,
        "actions": (
            "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, "
            "изменение), извлечение, использование, обезличивание, блокирование, удаление, "
            "уничтожение; смешанная обработка — с использованием средств автоматизации "
            "(информационная система программы наставничества) и без них (бумажные документы)."
        ),
        "recipients": (
            "органу управления образованием муниципального образования и региональному "
            "координатору программы — только обобщённые показатели программы (числа, доли, "
            "средние значения), по которым нельзя установить личность; сведения, позволяющие "
            "установить личность, не передаются никому без отдельного письменного согласия. "
            "Публикация на сайте — только по отдельному согласию на распространение. "
            "Куратору программы ответы на анкету промежуточной обратной связи показываются "
            "только одной общей оценкой по паре (группе) — средней по наставнику и "
            "наставляемым вместе, когда ответили не меньше двух участников пары; чья какая "
            "оценка, куратор не видит."
        ),
        "term": (
            "в течение срока реализации программы наставничества и 1 года после её "
            "завершения либо до отзыва согласия. По истечении срока данные уничтожаются или "
            "обезличиваются."
        ),
        "withdrawal": (
            "согласие может быть отозвано в любой момент — по ссылке из приглашения к анкете, "
            "на своей странице в системе или письменным заявлением оператору (куратору "
            "программы). После отзыва обработка прекращается, данные удаляются или "
            "обезличиваются; сохраняются только сведения, которые оператор обязан хранить по "
            "закону (само согласие и его отзыв, зарегистрированные приказы)."
        ),
        "signature": SIGNATURE,
    }
    return title, _numbered(PROCESSING_PARTS, texts)


def publication_text(organisation: Organisation) -> tuple[str, str]:
    title = "Согласие на обработку персональных данных, разрешённых для распространения"
    site = f" ({organisation.site})" if organisation.site else ""
    categories = "\n".join(f"— {label};" for label in PublicationCategory.labels)
    texts = {
        "subject": SUBJECT,
        "operator": _operator(organisation),
        "purpose": (
            "публикация результатов программы наставничества, лучших наставников и кейсов "
            "наставнических пар."
        ),
        "data": (
            "из перечисленных ниже — только отмеченные мной (в бланке или на странице "
            "согласия):\n" + categories
        ),
        "resources": f"официальный сайт оператора{site}.",
        "bans": (
            "я вправе запретить передачу (кроме предоставления доступа) и обработку "
            "опубликованных данных неограниченным кругом лиц и установить условия (например, "
            "«только на сайте детского сада»); мои запреты и условия указаны в бланке или на "
            "странице согласия и обязательны для оператора."
        ),
        "term": "до отзыва согласия.",
        "withdrawal": (
            "согласие может быть отозвано в любой момент — на своей странице в системе, по "
            "ссылке из приглашения или письменным заявлением оператору; после отзыва "
            "опубликованные сведения удаляются с сайта."
        ),
        "signature": SIGNATURE,
    }
    return title, _numbered(PUBLICATION_PARTS, texts)


def _territory(organisation: Organisation) -> str:
    territory = organisation.territory
    if territory is None:
        return "той же территории, что и оператор"
    return f"территории «{territory.name}»"


def sharing_text(organisation: Organisation) -> tuple[str, str]:
    title = (
        "Согласие на предоставление персональных данных наставника другим образовательным "
        "организациям"
    )
    data = "\n".join(f"— {label};" for label in SHARED_DATA)
    texts = {
        "subject": SUBJECT,
        "operator": _operator(organisation),
        "recipients": (
            f"другим образовательным организациям {_territory(organisation)}, участвующим в "
            "программах наставничества педагогических работников (куратору и руководителю "
            "организации), — только по их запросу о привлечении меня как наставника; органу "
            "управления образованием территории — только обобщённые сведения без фамилии, "
            "имени, отчества. Организация, получившая данные, становится оператором и "
            "обрабатывает их в тех же целях."
        ),
        "purpose": (
            "включение меня в базу наставников, доступную другим образовательным "
            "организациям территории, и привлечение меня по их запросу наставником "
            "педагогов этих организаций — с моего согласия на каждый такой запрос и по "
            "согласованию с оператором."
        ),
        "data": "\n" + data + "\nКонтактные данные, ответы на анкеты и оценки не предоставляются.",
        "actions": (
            "предоставление (передача) перечисленных данных другим образовательным "
            "организациям, их запись, хранение, использование для подбора наставнических пар "
            "и оформления документов (приказ о закреплении пары, письмо о направлении "
            "наставника), удаление; с использованием средств автоматизации (информационная "
            "система программы наставничества) и без них."
        ),
        "term": "до отзыва согласия.",
        "withdrawal": (
            "согласие может быть отозвано в любой момент — на своей странице в системе или "
            "письменным заявлением оператору (куратору программы). После отзыва карточка "
            "наставника перестаёт показываться другим организациям, нерассмотренные запросы "
            "отменяются; пары, уже закреплённые приказом, работают до своего окончания."
        ),
        "signature": SIGNATURE,
    }
    return title, _numbered(SHARING_PARTS, texts)


GENERATORS = {
    ConsentKind.PROCESSING: processing_text,
    ConsentKind.PUBLICATION: publication_text,
    ConsentKind.SHARING: sharing_text,
}


def generated_text(organisation: Organisation, kind: str) -> tuple[str, str]:
    return GENERATORS[kind](organisation)


def missing_parts(*, kind: str, body: str, organisation: Organisation) -> list[str]:
    """What a consent text lacks, in words for the admin's checklist (empty: nothing)."""
    missing = []
    lowered = body.lower()
    parts = PARTS[kind]
    for part in parts:
        if f"{part.heading.lower()}." not in lowered:
            missing.append(f"нет раздела «{part.heading}»")
    if organisation.full_name.lower() not in lowered:
        missing.append("не указано наименование оператора")
    if not organisation.address:
        missing.append("у организации не указан адрес: заполните его в настройках организации")
    elif organisation.address.lower() not in lowered:
        missing.append("не указан адрес оператора")
    if kind == ConsentKind.PROCESSING:
        if organisation.processor_name and organisation.processor_name.lower() not in lowered:
            missing.append(f"не указан обработчик по поручению: {organisation.processor_name}")
        for category in CATEGORIES:
            if category.label.lower() not in lowered:
                missing.append(f"в перечне данных нет: «{category.label}»")
    elif kind == ConsentKind.SHARING:
        for label in SHARED_DATA:
            if label not in lowered:
                missing.append(f"в перечне предоставляемых данных нет: «{label}»")
    else:
        for label in PublicationCategory.labels:
            if str(label).lower() not in lowered:
                missing.append(f"в перечне данных для публикации нет: «{label}»")
    return missing


def checklist(kind: str) -> list[str]:
    """The parts a text of this kind must hold, for the admin form."""
    items = [part.heading for part in PARTS[kind]]
    if kind == ConsentKind.PROCESSING:
        items.append("в перечне данных — каждая категория из каталога данных системы")
    return items
