"""Dates as letters write them, in several languages, with their spans."""

from __future__ import annotations

import pytest

from c87.mapper.dates import find_dates

CASES = [
    ("PERC/HTUR 18/06/2020", [("2020-06-18", "day")]),
    ("Brussels, 18.06.2020", [("2020-06-18", "day")]),
    ("Date: 2020-06-18", [("2020-06-18", "day")]),
    ("Geneva, 18 June 2020", [("2020-06-18", "day")]),
    ("Washington, June 18, 2020", [("2020-06-18", "day")]),
    ("on the 18th of June, 2020", [("2020-06-18", "day")]),
    ("Genève, le 12 mai 2022", [("2022-05-12", "day")]),
    ("le 1er mars 2021", [("2021-03-01", "day")]),
    ("Bogotá, 5 de abril de 2021", [("2021-04-05", "day")]),
    ("Lisboa, 7 de março de 2022", [("2022-03-07", "day")]),
    ("On 26 April and 29 October 2019, I wrote", [("2019-04-26", "day"), ("2019-10-29", "day")]),
    ("On 2 and 9 March 2023 the police", [("2023-03-02", "day"), ("2023-03-09", "day")]),
    ("March 2 and 9, 2023", [("2023-03-02", "day"), ("2023-03-09", "day")]),
    ("in February 2021 the union", [("2021-02", "month")]),
    ("en febrero de 2021", [("2021-02", "month")]),
    ("ratified by your country in 1992", [("1992", "year")]),
    ("31/12/2019 and 01/02/2020", [("2019-12-31", "day"), ("2020-02-01", "day")]),
    ("12/31/2019", [("2019-12-31", "day")]),  # month first when the day cannot be a month
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_date_forms(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates(text)
    assert [(d.value, d.precision) for d in found] == expected
    for d in found:
        assert text[d.start:d.end].strip()  # the span is the words that say it


def test_year_from_context_is_marked() -> None:
    found = find_dates("since March the union has been harassed; on 14 May", default_year=2022)
    assert [(d.value, d.year_inferred) for d in found] == [("2022-03", True),
                                                            ("2022-05-14", True)]


def test_yearless_date_without_context_is_dropped() -> None:
    assert find_dates("on 14 May the police came") == []


@pytest.mark.parametrize("text", [
    "Workers may strike", "they will march on Monday", "2 out of 3 unions",
    "200 million workers in 163 countries", "Article 3(2) of Convention 87",
    "call +32 2 224 0211", "invalid 31/02/2020",
])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []
