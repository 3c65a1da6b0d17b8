"""The roll-up of a territory as a downloadable spreadsheet under its Russian name."""

from common.downloads import clean_filename
from common.renderer import Document

from ..exports.territories import rollup_xlsx
from ..selectors.territories import Rollup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rollup_spreadsheet(data: Rollup) -> Document:
    name = f"Свод по территории — {data.title} на {data.today:%d.%m.%Y}.xlsx"
    return Document(filename=clean_filename(name), content=rollup_xlsx(data), mimetype=XLSX)
