"""The word knowledge of the mapper, as YAML files beside this module, checked when read.

Each file has a schema here (a pydantic type): a file that does not fit it is refused
with the file's name and the path of the faulty entry, before any letter is read with it.
People in the field amend the files; nobody needs to touch Python to add a word.

* ``acts.yaml`` -- how letters talk about acts: demands, negation, modals, the first
  person, false friends (see ``mapper/lexicon.py``).
* ``lemmas.yaml`` -- French and Spanish past participles that simplemma leaves as they
  are: suffix rules and irregular forms.
* ``cues.yaml`` -- the cue lemmas of event types, by language (see ``mapper/cues.py``).
* ``countries.yaml`` -- names of states in everyday use, and the words that point to a
  state (its people, its capital), for ``mapper/countries.py``.
* ``numbers.yaml`` -- number words and their values, for counts of days and months.
* ``genres.yaml`` -- the markers that tell a CFA report, an index entry or an urgent
  action from a letter, a press release or a news report (see ``mapper/genre.py``).
* ``placeholders.yaml`` -- names that stand for nobody ("Jane Doe", "N.N."), which the
  CFA checklist refuses as a signatory (see ``c87.ontology.cfa``).
* ``lexicon.yaml`` -- the words the actor finder reads names and kinds with: heads of
  organisations' names, honorifics, posts, group heads, generic authorities, function
  words (see ``mapper/actors/words.py``).
* ``allegation-headings.yaml`` -- the headings a complaint groups its allegations under,
  each with its event types (see ``c87.mapper.complaint``).
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import Any

from c87.errors import C87Error

Participles = dict[str, dict[str, dict[str, Any]]]


def _schemas() -> dict[str, Any]:
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

    class LanguageParticiples(BaseModel):
        model_config = ConfigDict(extra="forbid")
        suffixes: dict[str, list[str]] = Field(default_factory=dict)
        irregular: dict[str, str] = Field(default_factory=dict)

    class LemmasFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        future_endings: dict[Literal["fr", "es"], list[str]] = Field(default_factory=dict)
        participles: dict[Literal["fr", "es"], LanguageParticiples]

    class CueEntry(BaseModel):
        model_config = ConfigDict(extra="forbid")
        en: list[str] = Field(default_factory=list)
        fr: list[str] = Field(default_factory=list)
        es: list[str] = Field(default_factory=list)
        source: list[str] = Field(default_factory=list)

    class CuesFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        forms_only: list[str] = Field(default_factory=list)
        cues: dict[str, CueEntry]

    class GenreMarkers(BaseModel):
        model_config = ConfigDict(extra="forbid")
        min: int = Field(ge=1)
        markers: list[str]

    class GenresFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        genres: dict[Literal["cfa-report", "index-entry", "urgent-action"], GenreMarkers]
        press_markers: list[str]
        boilerplate: list[str] = Field(default_factory=list)

    class CountriesFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        common_names: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{2}$")]]
        ambiguous: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{2}$")]]
        uncounted: list[str]
        pointers: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{2}$")]]

    class ActsFile(RootModel[dict[str, list[str]]]):
        pass

    class NumbersFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        values: dict[str, Annotated[int, Field(ge=0)]]

    class PlaceholdersFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        names: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)

        @field_validator("names")
        @classmethod
        def _distinct(cls, names: list[str]) -> list[str]:
            seen: dict[str, str] = {}
            for name in names:
                key = letters_and_digits(name)
                if not key:
                    raise ValueError(f"{name!r} has no letter or digit")
                if key in seen:
                    raise ValueError(f"{name!r} is the same name as {seen[key]!r}")
                seen[key] = name
            return names

    Notation = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]

    class Heading(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: Notation
        label: Annotated[str, Field(min_length=1)]
        principles: list[str] = Field(min_length=1)
        normlex: list[str] = Field(default_factory=list)
        event_types: list[Notation] = Field(min_length=1)
        note: str | None = None

    class HeadingsFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        other: Annotated[str, Field(min_length=1)]
        headings: list[Heading] = Field(min_length=1)

        @field_validator("headings")
        @classmethod
        def _each_type_once(cls, headings: list[Heading]) -> list[Heading]:
            seen: dict[str, str] = {}
            ids: set[str] = set()
            for heading in headings:
                if heading.id in ids:
                    raise ValueError(f"heading {heading.id!r} is given twice")
                ids.add(heading.id)
                for event_type in heading.event_types:
                    if event_type in seen:
                        raise ValueError(f"event type {event_type!r} is under both "
                                         f"{seen[event_type]!r} and {heading.id!r}")
                    seen[event_type] = heading.id
            return headings

    Word = Annotated[str, Field(min_length=1)]
    Words = list[Word]
    Kind = Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]

    class GenericAuthority(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: Notation
        kind: Kind
        label: Word
        phrases: Words = Field(min_length=1)

    class BackReference(BaseModel):
        model_config = ConfigDict(extra="forbid")
        words: Words = Field(min_length=1)
        kinds: list[Kind] = Field(min_length=1)
        lower: bool

    class LexiconFile(BaseModel):
        """Every other key is a list of words (a YAML "NO" read as false is refused)."""

        model_config = ConfigDict(extra="allow")
        __pydantic_extra__: dict[str, Words]
        name_stopwords: dict[str, Words]
        organisation_heads: dict[str, Kind | dict[str, Kind | bool]]
        kind_cues: dict[str, Words]
        honorifics_by_country: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], Words]
        name_order: dict[str, list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]]]
        state_agent_modifiers: dict[Kind, Words]
        convention_names: dict[Annotated[str, Field(pattern=r"^C\d{3}$")], Words]
        language_markers: dict[Literal["en", "fr", "es"], Words]
        generic_authorities: list[GenericAuthority]
        backreferences: list[BackReference]

    return {"lemmas": LemmasFile, "cues": CuesFile, "genres": GenresFile,
            "countries": CountriesFile, "acts": ActsFile, "numbers": NumbersFile,
            "placeholders": PlaceholdersFile, "allegation-headings": HeadingsFile,
            "lexicon": LexiconFile}


def letters_and_digits(text: str) -> str:
    """``text`` casefolded, with only its letters and digits: how placeholder names compare."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class DataFileError(C87Error):
    """A word-knowledge file of the package does not fit its schema."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The content of ``ontology/NAME.yaml``, checked against its schema."""
    import yaml
    from pydantic import ValidationError

    path = files("c87.ontology") / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        model = _schemas()[name].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"{where}: {first['msg']}", path=str(path)) from None
    return model.model_dump()
