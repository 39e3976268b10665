"""The states of ISO 3166-1, by their alpha-2 codes: the English names c87 writes.

The names are pycountry's (its ISO 3166 data): the common name where it has one
("Bolivia", "Iran"), else the ISO name. The mapper names the governments and
authorities of a letter with them, and the complaint its respondent.
"""

from __future__ import annotations

import functools

import pycountry

__all__ = ["country_name"]


@functools.cache
def country_name(code: str, *, short: bool = False) -> str:
    """The English name of the state with the ISO 3166-1 alpha-2 ``code`` (the code if
    there is none).

    With ``short``, the name as a letter would write it, without what follows a comma or
    a parenthesis ("Micronesia, Federated States of", "Holy See (Vatican City State)");
    without it, the whole name, which never stands for two states ("Virgin Islands,
    British", "Virgin Islands, U.S.").
    """
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return name.split(",")[0].split(" (")[0] if short else name
