"""The collection's summary as an A4 landscape PDF (the authority and the date in the heading,
the figures in tables of a few columns each, so that they stay legible) and as a spreadsheet.
Figures only: no person is named."""

from django.utils import timezone

from common import formatting
from common.downloads import clean_filename
from common.renderer import Document, render_pdf

from ..exports.returns import returns_xlsx
from ..selectors.returns import Summary

COLUMNS_PER_TABLE = 8
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def returns_filename(data: Summary, extension: str) -> str:
    collection = data.collection
    return (
        f"Годовой отчёт о наставничестве {collection.territory.name} "
        f"на {formatting.date_ru(collection.as_of)}.{extension}"
    )


def cell_text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formatting.number_ru(value)
    return str(value)


def _tables(data: Summary) -> list[dict]:
    tables = []
    for start in range(0, len(data.columns), COLUMNS_PER_TABLE):
        columns = data.columns[start : start + COLUMNS_PER_TABLE]
        rows = [
            {
                "name": row.organisation.short_name,
                "submitted": row.current is not None,
                "cells": [cell_text(v) for v in values[start : start + COLUMNS_PER_TABLE]],
            }
            for row, values in data.rows
        ]
        totals = [cell_text(v) for v in data.totals[start : start + COLUMNS_PER_TABLE]]
        tables.append({"columns": columns, "rows": rows, "totals": totals})
    return tables


def returns_document(data: Summary) -> Document:
    collection = data.collection
    territory = collection.territory
    submitted = sum(1 for row, _values in data.rows if row.current)
    return render_pdf(
        "reports/returns/summary.html",
        {
            "collection": collection,
            "authority": territory.authority or territory.name,
            "territory": territory,
            "as_of": formatting.date_ru(collection.as_of),
            "today": formatting.date_ru(timezone.localdate()),
            "tables": _tables(data),
            "submitted": submitted,
            "total": len(data.rows),
        },
        filename=returns_filename(data, "pdf"),
    )


def returns_spreadsheet(data: Summary) -> Document:
    return Document(
        filename=clean_filename(returns_filename(data, "xlsx")),
        content=returns_xlsx(data),
        mimetype=XLSX,
    )
