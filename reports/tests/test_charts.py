from common.charts import Series, bar_chart_figure, bar_chart_svg


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


def test_the_chart_names_its_figures_for_screen_readers():
    svg = bar_chart_svg(
        ["Планирование", "Работа с родителями"],
        [Series("до", [3, 4]), Series("после", [7, None])],
        title="Средние баллы",
    )

    assert 'role="img"' in svg
    assert (
        'aria-label="Средние баллы. Планирование: до 3, после 7; '
        'Работа с родителями: до 4, после —."' in svg
    )


def test_a_chart_on_a_page_comes_with_a_table_of_the_same_figures():
    html = bar_chart_figure(
        ["да", "нет"], [Series("ответов", [5, 2])], title="Понравилось?", label_name="Ответ"
    )

    assert html.startswith('<figure class="chart') and html.endswith("</figure>")
    svg, table = html.split("</svg>")
    assert 'aria-hidden="true"' in svg and 'role="img"' not in svg
    assert "<caption>Понравилось?</caption>" in table
    assert '<th scope="col">Ответ</th><th scope="col">ответов</th>' in table
    assert '<tr><th scope="row">да</th><td>5</td></tr>' in table
    assert '<tr><th scope="row">нет</th><td>2</td></tr>' in table
