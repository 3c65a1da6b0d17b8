"""The order as printed: names in the case the sentence needs, a signature never alone on its
page, an appendix of 50 pairs whose every page starts with the table's header row."""

import io
import re

import pytest
from pypdf import PdfReader

from pairing.documents import order_document
from pairing.services import orders as order_services
from pairing.tests.test_orders import confirmed_pair
from tests.factories import StaffMemberFactory

HEADER = "Наставник (ФИО, должность, категория, стаж)"


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages(content: bytes) -> list[str]:
    return [squeezed(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def monitor(org):
    return StaffMemberFactory(
        organisation=org,
        last_name="Королёва",
        first_name="Ирина",
        patronymic="Николаевна",
        position="starshiy_vospitatel",
    )


def test_an_order_of_50_pairs_repeats_the_header_on_every_appendix_page(
    programme, curator, monitor
):
    for number in range(50):
        confirmed_pair(programme, f"Наставникова{number:02d}", f"Наставляемова{number:02d}")
    draft = order_services.order_draft(programme=programme, by=curator)
    draft = order_services.order_update(order=draft, monitor=monitor)

    printed = pages(order_document(draft).content)

    appendix = [
        i for i, page in enumerate(printed) if squeezed("Наставнические пары (группы)") in page
    ]
    acknowledgement = next(
        i for i, page in enumerate(printed) if squeezed("Лист ознакомления") in page
    )
    assert appendix, "no appendix"
    appendix_pages = printed[appendix[0] : acknowledgement]
    assert len(appendix_pages) > 2  # 50 pairs do not fit on two pages
    for page in appendix_pages:
        first_row = re.search(r"Наставникова\d\d", page)
        assert squeezed(HEADER) in page and page.index(squeezed(HEADER)) < first_row.start()
    # Every row on one page: each pair's mentor with her category line, once in the appendix.
    for number in range(50):
        holding = [p for p in appendix_pages if f"Наставникова{number:02d}" in p]
        assert len(holding) == 1, number
    point = printed[0][printed[0].index("3.Назначить") : printed[0].index("4.Выплаты")]
    assert point == squeezed(
        "3. Назначить ответственным за мониторинг реализации программы наставничества и работы "
        "наставнических пар (групп): Королёву Ирину Николаевну, старшего воспитателя."
    )


WORDS = "педагогических работников образовательной организации "


def _text(opening: str, repeats: int) -> str:
    return (opening + WORDS * repeats)[:500].strip()  # the fields hold 500 characters


@pytest.mark.parametrize("repeats", range(2, 11))
def test_the_heads_signature_never_stands_alone_on_a_page(programme, curator, repeats):
    """The payments item grows line by line under a long title and regulation, so that the
    page break falls at every point of the operative part's end: the signature always shares
    its page with the last item."""
    confirmed_pair(programme, "Орлова", "Журавлёва")
    draft = order_services.order_draft(programme=programme, by=curator)
    draft = order_services.order_update(
        order=draft,
        title=_text("О закреплении ", 9),
        regulation=_text("Положение о наставничестве ", 9),
        payments=_text("в размере ", repeats),
    )

    printed = pages(order_document(draft).content)

    signed = [page for page in printed if "С.В.Синицына" in page]
    assert len(signed) == 1
    assert squeezed("Контроль за исполнением приказа оставляю за собой.") in signed[0]
