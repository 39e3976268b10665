"""The header of letters of several layouts: date, reference, subject, country."""

from __future__ import annotations

from c87.mapper.countries import country_concerned
from c87.mapper.header import read_header

from .conftest import REFERENCE_LETTER

GUF = """\
IndustriALL Global Union
54 bis, route des Acacias, 1227 Geneva, Switzerland

Our ref.: AG/JV/2023-117
Geneva, 14 March 2023

H.E. Mr Rodrigo Duterte
President of the Republic of the Philippines
Malacañang Palace, Manila

Re: Killing of union organiser and raids on union offices
in Cavite export processing zone

Dear Mr President,

IndustriALL Global Union is deeply alarmed by the killing of Brother Dante Ramos on
2 March 2023 in the Philippines. The police raided the offices of the union.
"""

FRENCH = """\
N/Réf. : CSI/DH/2022/45

Genève, le 12 mai 2022

Objet : Arrestation de dirigeants syndicaux au Cameroun

Monsieur le Président,

La Confédération syndicale internationale (CSI) condamne l'arrestation, le 3 mai 2022,
de M. Jean Mbarga, secrétaire général du syndicat, au Cameroun.
"""

SPANISH = """\
Bogotá, 5 de abril de 2021

Asunto: Amenazas contra dirigentes sindicales en Colombia

Excelentísimo señor Presidente:

La Central Unitaria de Trabajadores de Colombia (CUT) denuncia las amenazas recibidas
por dirigentes sindicales en Colombia desde febrero.
"""

PRESS = """\
URGENT APPEAL
Belarus: independent union leaders detained

Brussels, June 18, 2020 – The ITUC today wrote to the authorities of Belarus to protest
against the detention of the leaders of the Belarusian Independent Trade Union in Belarus.
"""


def test_reference_letter_header() -> None:
    text = REFERENCE_LETTER.read_text(encoding="utf-8")
    header = read_header(text)
    assert header.date.value == "2020-06-18"
    assert header.reference[0] == "PERC/HTUR"
    assert header.subject[0] == ("Interference in trade union affairs and harassment of "
                                 "trade union leaders")
    value, start, end = header.subject
    assert text[start:end] == value
    assert country_concerned(text, header.body_start).code == "KG"


def test_labelled_fields_and_wrapped_subject() -> None:
    header = read_header(GUF)
    assert header.date.value == "2023-03-14"
    assert header.reference[0] == "AG/JV/2023-117"
    assert header.subject[0] == ("Killing of union organiser and raids on union offices in "
                                 "Cavite export processing zone")
    # The sender's seat (Switzerland) is in the letterhead; the body is about the Philippines.
    assert country_concerned(GUF, header.body_start).code == "PH"


def test_french_header() -> None:
    header = read_header(FRENCH)
    assert header.date.value == "2022-05-12"
    assert header.reference[0] == "CSI/DH/2022/45"
    assert header.subject[0] == "Arrestation de dirigeants syndicaux au Cameroun"
    assert country_concerned(FRENCH, header.body_start).code == "CM"


def test_spanish_header_without_reference() -> None:
    header = read_header(SPANISH)
    assert header.date.value == "2021-04-05"
    assert header.reference is None
    assert header.subject[0] == "Amenazas contra dirigentes sindicales en Colombia"
    assert country_concerned(SPANISH, header.body_start).code == "CO"


def test_press_statement_without_salutation() -> None:
    header = read_header(PRESS)
    assert header.date.value == "2020-06-18"
    assert header.salutation is None
    assert header.subject[0] == "Belarus: independent union leaders detained"
    assert country_concerned(PRESS).code == "BY"


def test_no_header_at_all() -> None:
    header = read_header("The police came.")
    assert header.date is None and header.reference is None and header.subject is None
