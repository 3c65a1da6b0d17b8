from reports.charts import Series, bar_chart_svg


def test_chart_draws_one_bar_per_value_and_prints_labels_and_values():
    svg = bar_chart_svg(
        ["Планирование", "Работа с родителями"],
        [Series("до", [3, 4]), Series("после", [7, None])],
        max_value=10,
    )

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 3 + 2  # three bars and two legend squares
    assert "Работа с родителями" in svg and ">7<" in svg


def test_chart_escapes_labels():
    svg = bar_chart_svg(["<b>&"], [Series("x", [1])])

    assert "&lt;b&gt;&amp;" in svg
