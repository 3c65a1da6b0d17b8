"""The coordinator's roll-up of her territory (issue 24 §2): figures of every kindergarten side
by side, with filters, sorting and search in the address bar (so a filtered table can be
bookmarked and downloaded as it is shown). Figures only: no page here names a person."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.renderer import pdf_response
from programme import access

from ..documents import territories as documents
from ..selectors import territories as selectors


def _filters(request) -> selectors.Filters:
    data = request.GET
    try:
        municipality = int(data.get("municipality") or 0) or None
    except ValueError:
        municipality = None
    sort = data.get("sort", "name")
    descending = sort.startswith("-")
    sort = sort.removeprefix("-")
    return selectors.Filters(
        municipality=municipality,
        behind=data.get("behind") == "1",
        overdue=data.get("overdue") == "1",
        search=data.get("q", "")[:100],
        sort=sort if sort in selectors.SORTS else "name",
        descending=descending,
    )


def _rollup(request) -> selectors.Rollup:
    territory = None if access.sees_all_organisations(request.user) else request.user.territory
    return selectors.rollup(territory, filters=_filters(request))


COLUMNS = (
    ("name", "Детский сад"),
    ("municipality", "Муниципальное образование"),
    ("stage", "Этап (1–7), выполнено"),
    ("overdue", "Просрочено мероприятий"),
    ("mentees", "Наставляемых"),
    ("mentors", "Наставников"),
    ("pairs", "Пар (групп)"),
    ("completed", "Завершено пар"),
    ("ended_early", "Прекращено досрочно"),
    ("consents_missing", "Нет согласия на обработку ПДн"),
    ("satisfaction_mentors", "Удовлетворённость наставников (из 10)"),
    ("satisfaction_mentees", "Удовлетворённость наставляемых (из 10)"),
    ("delta", "Итоговая оценка наставляемых: средний прирост"),
)


def _columns(request, filters: selectors.Filters, *, regional: bool) -> list[dict]:
    """Each column's header with the link that sorts by it (again: the other way round)."""
    query = request.GET.copy()
    columns = []
    for key, label in COLUMNS:
        if key == "municipality" and not regional:
            continue
        current = filters.sort == key
        query["sort"] = f"-{key}" if current and not filters.descending else key
        columns.append(
            {
                "key": key,
                "label": label,
                "href": "?" + query.urlencode(),
                "sort": ("descending" if filters.descending else "ascending") if current else "",
            }
        )
    return columns


PAGE_SIZE = 100  # kindergartens per page; the totals and the spreadsheet hold every one


def _page(request, rows: list) -> tuple[list, list[dict]]:
    """The rows of the requested page and the links to every page (none for one page)."""
    count = max(1, -(-len(rows) // PAGE_SIZE))
    number = request.GET.get("page", "1")
    number = min(max(int(number), 1), count) if number.isdigit() else 1
    query = request.GET.copy()
    links = []
    if count > 1:
        for n in range(1, count + 1):
            query["page"] = str(n)
            links.append({"number": n, "href": "?" + query.urlencode(), "current": n == number})
    return rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], links


@require_safe
@access.coordinator_required
def rollup(request):
    data = _rollup(request)
    filters = _filters(request)
    rows, pages = _page(request, data.rows)
    # A region's people by municipality (a table of 2,000 kindergartens is the spreadsheet's);
    # a municipality's, or a chosen one's, by kindergarten.
    by_municipality = data.regional and filters.municipality is None
    bucket_rows = data.municipalities if by_municipality else rows
    experience, age = selectors.bucket_columns()
    bucket_tables = [
        {
            "id": table_id,
            "title": title,
            "columns": columns,
            "lines": [
                (
                    row.name,
                    [
                        n
                        for key, _l in columns
                        for n in (row.mentee_buckets[key], row.mentor_buckets[key])
                    ],
                )
                for row in [*bucket_rows, data.total]
            ],
        }
        for table_id, title, columns in (
            ("experience", "Наставляемые и наставники по педагогическому стажу", experience),
            ("age", "Наставляемые и наставники по возрасту", age),
        )
    ]
    return render(
        request,
        "reports/territories/rollup.html",
        {
            "data": data,
            "filters": filters,
            "columns": _columns(request, filters, regional=data.regional),
            "query": request.GET.urlencode(),
            "bucket_tables": bucket_tables,
            "bucket_first": "Муниципальное образование" if by_municipality else "Детский сад",
            "rows": rows,
            "pages": pages,
            "page_size": PAGE_SIZE,
        },
    )


@require_safe
@access.coordinator_required
def rollup_xlsx(request):
    return pdf_response(documents.rollup_spreadsheet(_rollup(request)), inline=False)
