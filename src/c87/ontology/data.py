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
* ``case-linking.yaml`` -- how the documents of a case are joined: name thresholds, kinds
  and event types that may be the same, people nouns for counts, CFA case numbers, the
  words of lengths (of a sentence, a measure) and of posts compared between sources (see
  ``mapper/case/``).
* ``allegation-headings.yaml`` -- the headings a complaint groups its allegations under,
  each with its event types (see ``c87.mapper.complaint``).
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, field_validator

from c87.errors import C87Error

Participles = dict[str, dict[str, dict[str, Any]]]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Notation = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
Word = Annotated[str, Field(min_length=1)]
Words = list[Word]
Kind = Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]


class _Strict(BaseModel):
    """A file part whose keys are all known: an unknown key is refused."""

    model_config = ConfigDict(extra="forbid")


# -- lemmas.yaml ---------------------------------------------------------------------------

class LanguageParticiples(_Strict):
    suffixes: dict[str, list[str]] = Field(default_factory=dict)
    irregular: dict[str, str] = Field(default_factory=dict)


class LemmasFile(_Strict):
    future_endings: dict[Literal["fr", "es"], list[str]] = Field(default_factory=dict)
    participles: dict[Literal["fr", "es"], LanguageParticiples]


# -- cues.yaml -----------------------------------------------------------------------------

class CueEntry(_Strict):
    en: list[str] = Field(default_factory=list)
    fr: list[str] = Field(default_factory=list)
    es: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)


class CuesFile(_Strict):
    forms_only: list[str] = Field(default_factory=list)
    cues: dict[str, CueEntry]


# -- genres.yaml, countries.yaml, acts.yaml, numbers.yaml ---------------------------------

class GenreMarkers(_Strict):
    min: int = Field(ge=1)
    markers: list[str]


class GenresFile(_Strict):
    genres: dict[Literal["cfa-report", "index-entry", "urgent-action"], GenreMarkers]
    press_markers: list[str]
    boilerplate: list[str] = Field(default_factory=list)


class CountriesFile(_Strict):
    common_names: dict[str, Country]
    ambiguous: dict[str, Country]
    uncounted: list[str]
    pointers: dict[str, Country]


class ActsFile(RootModel[dict[str, list[str]]]):
    pass


class NumbersFile(_Strict):
    values: dict[str, Annotated[int, Field(ge=0)]]


# -- placeholders.yaml ---------------------------------------------------------------------

def letters_and_digits(text: str) -> str:
    """``text`` casefolded, with only its letters and digits: how placeholder names compare."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class PlaceholdersFile(_Strict):
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


# -- allegation-headings.yaml --------------------------------------------------------------

class Heading(_Strict):
    id: Notation
    label: Annotated[str, Field(min_length=1)]
    principles: list[str] = Field(min_length=1)
    normlex: list[str] = Field(default_factory=list)
    event_types: list[Notation] = Field(min_length=1)
    note: str | None = None


class HeadingsFile(_Strict):
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


# -- lexicon.yaml --------------------------------------------------------------------------

class GenericAuthority(_Strict):
    id: Notation
    kind: Kind
    label: Word
    phrases: Words = Field(min_length=1)


class BackReference(_Strict):
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
    honorifics_by_country: dict[Country, Words]
    name_order: dict[str, list[Country]]
    state_agent_modifiers: dict[Kind, Words]
    convention_names: dict[Annotated[str, Field(pattern=r"^C\d{3}$")], Words]
    language_markers: dict[Literal["en", "fr", "es"], Words]
    generic_authorities: list[GenericAuthority]
    backreferences: list[BackReference]


# -- case-linking.yaml ----------------------------------------------------------------------

class LinkingThresholds(_Strict):
    person_name: int = Field(ge=50, le=100)
    family_name: int = Field(ge=50, le=100)
    organisation_name: int = Field(ge=50, le=100)
    date_gap_days: int = Field(ge=0, le=366)
    quote_similarity: int = Field(ge=0, le=100)
    undated_share: int = Field(ge=0, le=100)


class LengthUnit(_Strict):
    hours: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)]
    words: Words = Field(min_length=1)

    @field_validator("hours")
    @classmethod
    def _ordered(cls, hours: list[int]) -> list[int]:
        if hours[0] > hours[1]:
            raise ValueError(f"{hours}: the least hours first")
        return hours


class LengthWindow(_Strict):
    before: int = Field(ge=0, le=20)
    after: int = Field(ge=0, le=20)


class LengthWords(_Strict):
    units: dict[Word, LengthUnit] = Field(min_length=1)
    measures: dict[Word, Words] = Field(min_length=1)
    window: LengthWindow
    joins: Words
    ranges: Words
    half: Words
    at_least: Words
    at_most: Words
    about: Words
    not_after: Words
    not_before: Words


class PostWords(_Strict):
    offices: dict[Word, Words] = Field(min_length=1)
    deputy: Words
    deputy_prefixes: Words
    not_compared: Words


class CaseLinkingFile(_Strict):
    thresholds: LinkingThresholds
    kind_groups: list[list[Kind]]
    compatible_types: list[Annotated[list[Notation], Field(min_length=2, max_length=2)]]
    impersonal_types: list[Notation]
    sequence_words: Words
    people_nouns: dict[Literal["en", "fr", "es"], Words]
    cfa_case_patterns: list[Word]
    lengths: LengthWords
    posts: PostWords

    @field_validator("cfa_case_patterns")
    @classmethod
    def _one_group(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if re.compile(pattern).groups != 1:
                raise ValueError(f"{pattern!r}: one group, the case number, is expected")
        return patterns


SCHEMAS: dict[str, type[BaseModel]] = {
    "lemmas": LemmasFile, "cues": CuesFile, "genres": GenresFile, "countries": CountriesFile,
    "acts": ActsFile, "numbers": NumbersFile, "placeholders": PlaceholdersFile,
    "allegation-headings": HeadingsFile, "lexicon": LexiconFile,
    "case-linking": CaseLinkingFile}
"""The schema of each data file, by the file's name without ``.yaml``."""


class DataFileError(C87Error):
    """A word-knowledge file of the package does not fit its schema."""


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader on libyaml's parser when PyYAML was built with it: the same data,
read some seven times faster (a sixth of a second off the start of every c87 process
that reads letters, worker processes included)."""


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc]
    """YAML's safe loader, refusing a key given twice in one mapping.

    PyYAML keeps the last of two equal keys without a word; in a word list that is an
    entry silently lost (two ``communication:`` blocks, and the first one's words vanish).
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            line = key_node.start_mark.line + 1
            if key in seen:
                raise DataFileError(f"line {line}: the key {key!r} is given twice "
                                    f"(first on line {seen[key]}); one would be lost",
                                    path=str(self.name))
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Any) -> Any:
    """A data file of the ontology, read safely, with no key given twice."""
    text = path.read_text(encoding="utf-8")
    loader = _UniqueKeyLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The content of ``ontology/NAME.yaml``, checked against its schema."""
    path = files("c87.ontology") / f"{name}.yaml"
    data = read_yaml(path)
    try:
        model = SCHEMAS[name].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"{where}: {first['msg']}", path=str(path)) from None
    return model.model_dump()
