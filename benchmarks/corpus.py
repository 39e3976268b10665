"""Build a corpus of N letters of the genre for benchmarks, one file at a time.

    python benchmarks/corpus.py N OUTDIR [--seed S] [--pdf 0.1] [--docx 0.1]

Letters are composed from the shapes of the test letters: a header (reference, place and
date in one of the common forms, an addressee, a subject), an opening, a number of acts
(arrests, raids, dismissals, ... each told in one of several phrasings), earlier letters,
a ratification, demands and a closing. Names, dates, countries and acts vary; lengths
run from a short urgent appeal to a long letter. Most files are .txt; a share are .pdf
(fpdf2) and .docx (python-docx). Nothing is held in memory beyond one letter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

COUNTRIES = [("Kyrgyzstan", "Bishkek"), ("Belarus", "Minsk"), ("Cambodia", "Phnom Penh"),
             ("Colombia", "Bogotá"), ("Philippines", "Manila"), ("Bangladesh", "Dhaka"),
             ("Zimbabwe", "Harare"), ("Turkey", "Istanbul"), ("Guatemala", "Guatemala City"),
             ("Kazakhstan", "Shymkent"), ("Nigeria", "Abuja"), ("Peru", "Lima"),
             ("Kenya", "Nairobi"), ("Indonesia", "Jakarta"), ("Algeria", "Algiers")]
SENDERS = [("International Trade Union Confederation", "ITUC"),
           ("IndustriALL Global Union", "IndustriALL"),
           ("Public Services International", "PSI"),
           ("Building and Wood Workers' International", "BWI"),
           ("International Transport Workers' Federation", "ITF"),
           ("Education International", "EI")]
GIVEN = ["Ryskul", "Kanatbek", "Amina", "Peter", "Tendai", "Juan", "Ana", "Mourad", "Selin",
         "Hakan", "Rodel", "Joy", "Nino", "Levan", "Grace", "Imran", "Dilnoza", "Carlos"]
FAMILY = ["Babayeva", "Osmonov", "Karimova", "Moyo", "Chikore", "Pérez", "Ruiz", "Bensalem",
          "Arslan", "Öztürk", "Villanueva", "Kapanadze", "Mumba", "Qureshi", "Mejía", "Sato"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ACTS = [
    "On {date}, {person}, {post} of the {union}, was arrested by the police in {city}.",
    "On {date}, officers of the State Security Service raided the offices of the {union} "
    "and seized computers and membership records.",
    "On {date}, the District Court sentenced {person}, {post} of the {union}, to two years "
    "in prison for \"organising an unlawful gathering\".",
    "{person}, {post} of the {union}, was dismissed on {date} after the union applied for "
    "registration.",
    "On {date}, the Ministry of Labour refused to register the {union}.",
    "On {date}, police used tear gas and batons against striking workers in {city}; at "
    "least twelve workers were injured.",
    "On {date}, {person} was summoned by the police and questioned for six hours about the "
    "union's contacts abroad.",
    "Since {month}, the bank accounts of the {union} have been frozen.",
    "On {date}, the authorities dissolved the {union} by administrative order.",
    "On {date}, {person} was stopped at the airport and told that she could not leave the "
    "country.",
    "State television has described the {union} as an \"extremist organisation\".",
    "On {date}, {person} received anonymous telephone calls threatening her life.",
    "On {date}, the governor banned the congress of the {union} and police prevented "
    "delegates from entering the venue.",
    "On {date}, {person}, {post} of the {union}, was shot dead outside his home in {city}.",
]


def _date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _say(day: dt.date, rng: random.Random) -> str:
    form = rng.randrange(4)
    if form == 0:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if form == 1:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if form == 2:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return day.isoformat()


def letter(rng: random.Random) -> str:
    """The text of one letter."""
    country, city = rng.choice(COUNTRIES)
    sender, acronym = rng.choice(SENDERS)
    year = rng.randint(2015, 2025)
    sent = _date(rng, year)
    union = f"{rng.choice(['Federation', 'Union', 'Confederation'])} of " \
            f"{rng.choice(['Teachers', 'Miners', 'Health Workers', 'Textile Workers'])} " \
            f"of {country}"
    acts = rng.sample(ACTS, k=rng.randint(3, min(12, len(ACTS))))
    body = []
    for act in acts:
        day = sent - dt.timedelta(days=rng.randint(1, 300))
        body.append(act.format(
            date=_say(day, rng), month=MONTHS[day.month - 1],
            person=f"{rng.choice(['Mr', 'Ms'])} {rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            post=rng.choice(["president", "general secretary", "treasurer", "vice-president"]),
            union=union, city=city))
    paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    return "\n\n".join([
        f"{acronym}/HR/{rng.randint(1, 999):03d}    {_say(sent, rng)}",
        f"Violations of trade union rights in {country}",
        "Dear Mr President,",
        f"I write on behalf of the {sender} ({acronym}) to denounce the violations of trade "
        f"union rights suffered by the {union} and its members in {country}.",
        *paragraphs,
        f"{country} ratified ILO Convention No. 87 in {rng.randint(1950, 2010)}. We urge you "
        "to release the detained trade unionists and to end the harassment of the union.",
        "Yours sincerely,",
        "General Secretary",
    ]) + "\n"


def write(text: str, path: Path) -> None:
    """Write ``text`` as ``path`` in the format its suffix names."""
    if path.suffix == ".pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
        pdf.output(str(path))
    elif path.suffix == ".docx":
        import docx

        document = docx.Document()
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph)
        document.save(str(path))
    else:
        path.write_text(text, encoding="utf-8")


def build(n: int, out: Path, seed: int = 87, pdf: float = 0.1, docx: float = 0.1) -> None:
    """Write ``n`` letters into ``out`` (created), the same ones for the same seed."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        roll = rng.random()
        suffix = ".pdf" if roll < pdf else ".docx" if roll < pdf + docx else ".txt"
        write(letter(rng), out / f"letter-{i:06d}{suffix}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=87)
    ap.add_argument("--pdf", type=float, default=0.1)
    ap.add_argument("--docx", type=float, default=0.1)
    args = ap.parse_args()
    build(args.n, args.out, args.seed, args.pdf, args.docx)
