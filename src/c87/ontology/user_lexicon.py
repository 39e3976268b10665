"""The user lexicon: cue words of event types that a reviewer added, read on top of the
shipped ones (``event-types.ttl``, ``cues.yaml``).

It is a Turtle file in the form of the cues of ``event-types.ttl``: each event type's IRI
(``https://w3id.org/c87/id/event-type/<id>``) with ``c87:cueWord "lemma"@lang``, and
nothing else. Each cue is a lemma, as in ``cues.yaml``: it matches every inflection of
its words ("axe" matches "axed"); ``word/VERB`` keeps a word to one part of speech,
``prefix*`` matches the start of a written form, ``a ... b`` lets up to five words
between ``a`` and ``b``.

Where it is (:func:`lexicon_path`): the file given (``--lexicon FILE``), else
``$C87_LEXICON``, else ``lexicon.ttl`` in the user's data folder (``$XDG_DATA_HOME/c87``,
by default ``~/.local/share/c87``; ``%APPDATA%\\c87`` on Windows). A default file that
does not exist is an empty lexicon.

A file that cannot be read or parsed is an :class:`~c87.errors.InputError`; one that
says anything but cue words of known event types in English, French or Spanish is a
:class:`~c87.errors.ContentError`, naming the file and the offending item. The file is
written whole (a temporary file renamed), sorted, so that the same cues give the same
bytes.

May import: c87.ontology, c87.errors.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from c87 import ontology
from c87.errors import ContentError, InputError, OutputError

__all__ = [
    "CUE_WORD",
    "EVENT_TYPE_BASE",
    "LANGUAGES",
    "LEXICON_ENV",
    "UserCue",
    "UserLexicon",
    "check_event_type",
    "close_event_types",
    "data_dir",
    "default_lexicon_path",
    "export_turtle",
    "lexicon_path",
    "lexicon_turtle",
    "normalise_cue",
    "read_user_lexicon",
    "write_user_lexicon",
]

LEXICON_ENV = "C87_LEXICON"
"""The environment variable that names the user lexicon (``--lexicon`` overrides it)."""
LANGUAGES = ("en", "fr", "es")
"""The languages a cue may be in: those of the shipped lexicon."""
EVENT_TYPE_BASE = "https://w3id.org/c87/id/event-type/"
CUE_WORD = "https://w3id.org/c87/ontology#cueWord"
_POS = ("VERB", "NOUN", "ADJ")
_GAP = "..."
_WORD = re.compile(r"^[^\W_](?:[\w'-]*[^\W_])?$")

HEADER = """\
# c87 user lexicon: cue words of event types added by a reviewer, read by c87 on top of
# the shipped lexicon (ontology/event-types.ttl, ontology/cues.yaml). Each cue is a
# lemma and matches every inflection of its words. Change it with `c87 lexicon add` and
# `c87 lexicon remove`; `c87 lexicon export` makes a copy to send to the project.
"""


@dataclass(frozen=True, order=True)
class UserCue:
    """One cue of the user lexicon: ``cue`` (normalised) proposes ``type`` in ``lang``."""

    type: str
    lang: str
    cue: str


@dataclass(frozen=True)
class UserLexicon:
    """The cues of a user lexicon, sorted and each once; ``path`` is where they were read
    (for messages only: two lexicons with the same cues are equal, and hash alike)."""

    cues: tuple[UserCue, ...] = ()
    path: Path | None = field(default=None, compare=False)
    _by_lang: dict[str, tuple[UserCue, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict)
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        cues = tuple(sorted(set(self.cues)))
        object.__setattr__(self, "cues", cues)
        object.__setattr__(self, "_by_lang", {
            lang: tuple(c for c in cues if c.lang == lang) for lang in LANGUAGES})
        object.__setattr__(self, "_hash", hash(cues))

    def __hash__(self) -> int:  # computed once: the matcher's caches are keyed on it
        return self._hash

    def __reduce__(self) -> tuple[type[UserLexicon], tuple[tuple[UserCue, ...], Path | None]]:
        # Made again from its cues in another process (a worker of c87 convert --jobs),
        # so that its hash is that process's hash of them.
        return UserLexicon, (self.cues, self.path)

    def __len__(self) -> int:
        return len(self.cues)

    def __iter__(self) -> Iterator[UserCue]:
        return iter(self.cues)

    def of_language(self, lang: str) -> tuple[UserCue, ...]:
        """The cues in ``lang``."""
        return self._by_lang.get(lang, ())

    def has(self, event_type: str, cue: str, lang: str) -> bool:
        return UserCue(event_type, lang, normalise_cue(cue)) in self.cues

    def with_cue(self, event_type: str, cue: str, lang: str) -> UserLexicon:
        """This lexicon and the cue (checked: a known type, a language, a cue's syntax);
        a cue has one type, so the same cue of another type is taken out."""
        check_event_type(event_type)
        _check_language(lang)
        added = UserCue(event_type, lang, normalise_cue(cue))
        others = tuple(c for c in self.cues if (c.lang, c.cue) != (lang, added.cue))
        return UserLexicon((*others, added), self.path)

    def without_cue(self, event_type: str, cue: str, lang: str) -> UserLexicon:
        """This lexicon without the cue (the same lexicon when it does not hold it)."""
        gone = UserCue(event_type, lang, normalise_cue(cue))
        return UserLexicon(tuple(c for c in self.cues if c != gone), self.path)

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the cues (the same cues, the same digest), for manifests."""
        return hashlib.sha256(lexicon_turtle(self).encode("utf-8")).hexdigest()


# -- where ------------------------------------------------------------------------------

def data_dir() -> Path:
    """The user's data folder: ``%APPDATA%`` on Windows, else ``$XDG_DATA_HOME`` when it
    is an absolute path, else ``~/.local/share`` (the XDG base directory rule)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"])
    data = os.environ.get("XDG_DATA_HOME")
    if data and Path(data).is_absolute():
        return Path(data)
    return Path.home() / ".local" / "share"


def default_lexicon_path() -> Path:
    """Where the user lexicon is unless ``--lexicon`` says: ``$C87_LEXICON``, else
    ``<data folder>/c87/lexicon.ttl``."""
    explicit = os.environ.get(LEXICON_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return data_dir() / "c87" / "lexicon.ttl"


def lexicon_path(path: str | Path | None = None) -> Path:
    """The user lexicon's file: ``path`` when given, else :func:`default_lexicon_path`."""
    return Path(path).expanduser() if path is not None else default_lexicon_path()


# -- checks -----------------------------------------------------------------------------

def _event_types() -> tuple[str, ...]:
    return tuple(c.notation for c in ontology.concepts("event-types"))


def close_event_types(name: str) -> list[str]:
    """The event type ids closest to ``name`` (a misspelt or partial id), best first: by
    likeness to the whole id or to one of its words ("arest" is like "arrest-detention")."""
    def likeness(event_type: str) -> float:
        parts = [event_type, *event_type.split("-")]
        return max(difflib.SequenceMatcher(None, name, p).ratio() for p in parts)

    scored = sorted(((likeness(i), i) for i in _event_types()), key=lambda x: (-x[0], x[1]))
    return [i for score, i in scored if score >= 0.6][:5]


def check_event_type(name: str, path: str | Path | None = None) -> None:
    """Refuse (:class:`ContentError`) an id that is no event type, naming the close ones."""
    if name in _event_types():
        return
    close = close_event_types(name)
    hint = f"; did you mean {', '.join(close)}?" if close else \
        "; `c87 principles --scheme event-types` lists them"
    raise ContentError(f"unknown event type {name!r}{hint}", path=path)


def _check_language(lang: str, path: str | Path | None = None) -> None:
    if lang not in LANGUAGES:
        raise ContentError(f"language {lang!r} is not one of the lexicon's "
                           f"({', '.join(LANGUAGES)})", path=path)


def normalise_cue(cue: str) -> str:
    """``cue`` as the lexicon keeps it: lower case, one space between words, ``’`` as
    ``'``, a part of speech in capitals (``shoot/VERB``). A cue that the matcher could not
    read (empty, a gap at either end, a word of punctuation) is a :class:`ValueError`."""
    words = cue.replace("’", "'").replace(_GAP, f" {_GAP} ").split()
    if not words:
        raise ValueError("a cue needs at least one word")
    if _GAP in (words[0], words[-1]):
        raise ValueError(f"{cue!r}: '...' stands between two words, not at an end")
    out = []
    for i, word in enumerate(words):
        if word == _GAP:
            if words[i - 1] == _GAP:
                raise ValueError(f"{cue!r}: two gaps in a row")
            out.append(word)
            continue
        base, _, pos = word.partition("/")
        star = base.endswith("*") and not pos
        base = base.removesuffix("*") if star else base
        if not _WORD.match(base) or (pos and pos.upper() not in _POS):
            raise ValueError(f"{cue!r}: {word!r} is not a word (letters, digits, - and '), "
                             f"with /VERB, /NOUN or /ADJ or a final * at most")
        if star and len(base) < 3:
            raise ValueError(f"{cue!r}: a prefix needs three letters at least")
        out.append(base.casefold() + ("*" if star else "") + (f"/{pos.upper()}" if pos else ""))
    return " ".join(out)


# -- reading ----------------------------------------------------------------------------

def read_user_lexicon(path: str | Path | None = None, *,
                      missing_ok: bool | None = None) -> UserLexicon:
    """The user lexicon at ``path`` (default: :func:`default_lexicon_path`).

    A file that does not exist is an empty lexicon when ``missing_ok`` (by default: when
    no ``path`` is given, i.e. the default file), else an :class:`InputError`.
    """
    target = lexicon_path(path)
    if missing_ok is None:
        missing_ok = path is None
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return UserLexicon(path=target)
        raise InputError("no such lexicon file", path=target) from None
    except OSError as exc:
        raise InputError(f"cannot read the lexicon: {exc.strerror or exc}",
                         path=target) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); a lexicon is a Turtle file",
                         path=target) from None
    return parse_user_lexicon(text, target)


def parse_user_lexicon(text: str, path: str | Path | None = None) -> UserLexicon:
    """The user lexicon that the Turtle ``text`` states (``path`` names it in errors)."""
    import rdflib
    from rdflib.exceptions import ParserError

    graph = rdflib.Graph()
    try:
        # From a string, with no base to resolve against: nothing is fetched.
        graph.parse(data=text, format="turtle", publicID="urn:c87:user-lexicon")
    except (SyntaxError, ParserError, ValueError) as exc:
        why = getattr(exc, "_why", None)  # rdflib's BadSyntax: the reason and the line
        lines = getattr(exc, "lines", None)
        message = str(why) if why else " ".join(str(exc).split())
        raise InputError(f"not a Turtle file: {message}", path=path,
                         line=lines + 1 if isinstance(lines, int) else None) from None
    # In a fixed order, so that of two faults the same one is reported every time.
    triples = sorted(graph, key=lambda t: tuple(_n3(x) for x in t))
    cues = [_cue_of(s, p, o, path) for s, p, o in triples]
    known = set(_event_types())
    types: dict[tuple[str, str], str] = {}
    for cue in cues:
        if cue.type not in known:
            check_event_type(cue.type, path)
        other = types.setdefault((cue.lang, cue.cue), cue.type)
        if other != cue.type:
            raise ContentError(f"cue {cue.cue!r} ({cue.lang}) is given to both {other} and "
                               f"{cue.type}; a cue proposes one type", path=path)
    return UserLexicon(tuple(cues), Path(path) if path is not None else None)


def _cue_of(s: object, p: object, o: object, path: str | Path | None) -> UserCue:
    """The cue the triple states, or a :class:`ContentError` saying why it is none."""
    from rdflib import Literal, URIRef

    said = f"{_n3(s)} {_n3(p)} {_n3(o)}"
    if str(p) != CUE_WORD:
        raise ContentError(f"holds a triple that is no cue word ({said}); a lexicon holds "
                           "only c87:cueWord triples", path=path)
    if not isinstance(s, URIRef) or not str(s).startswith(EVENT_TYPE_BASE):
        raise ContentError(f"{_n3(s)} is not an event type IRI ({EVENT_TYPE_BASE}<id>)",
                           path=path)
    event_type = str(s)[len(EVENT_TYPE_BASE):]
    if not isinstance(o, Literal) or o.datatype is not None or not o.language:
        raise ContentError(f"the cue of {event_type} must be a text with a language tag "
                           f"(\"word\"@en), not {_n3(o)}", path=path)
    lang = o.language.lower()
    if lang not in LANGUAGES:
        raise ContentError(f"cue {str(o)!r} of {event_type} is in {lang!r}; the lexicon "
                           f"covers {', '.join(LANGUAGES)}", path=path)
    try:
        cue = normalise_cue(str(o))
    except ValueError as exc:
        raise ContentError(f"cue of {event_type}: {exc}", path=path) from None
    return UserCue(event_type, lang, cue)


def _n3(term: object) -> str:
    n3 = getattr(term, "n3", None)
    return n3() if callable(n3) else repr(term)


# -- writing ----------------------------------------------------------------------------

def _literal(cue: str, lang: str) -> str:
    escaped = cue.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def lexicon_turtle(lexicon: UserLexicon, header: str = HEADER) -> str:
    """The lexicon as Turtle: ``header`` (comment lines), the prefixes, then each event
    type with its cues, all sorted (the same cues, the same text)."""
    lines = [header.rstrip("\n"), "",
             "@prefix c87: <https://w3id.org/c87/ontology#> .",
             f"@prefix et: <{EVENT_TYPE_BASE}> .", ""]
    by_type: dict[str, list[UserCue]] = {}
    for cue in lexicon.cues:
        by_type.setdefault(cue.type, []).append(cue)
    for event_type in sorted(by_type):
        lines.append(f"et:{event_type}")
        words = [_literal(c.cue, c.lang) for c in sorted(
            by_type[event_type], key=lambda c: (LANGUAGES.index(c.lang), c.cue))]
        lines.append("    c87:cueWord " + " ,\n        ".join(words) + " .")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def export_turtle(lexicon: UserLexicon, version: str) -> str:
    """The lexicon as a contribution to the project: its cues with a header that says what
    the file is, which c87 wrote it and how many cues it holds."""
    count = len(lexicon)
    header = (
        f"# Cue words proposed to the c87 project: {count} cue{'s' * (count != 1)} of "
        "event types from a reviewer's\n"
        f"# user lexicon, written by c87 lexicon export (c87 {version}).\n"
        "#\n"
        "# Each cue is a lemma: it matches every inflection of its words. The form is that "
        "of\n"
        "# ontology/event-types.ttl: the event type's IRI with c87:cueWord \"lemma\"@lang. "
        "To take one\n"
        "# in, add it under its type in ontology/cues.yaml (or as a c87:cueWord of the type "
        "in\n"
        "# ontology/event-types.ttl) and run the tests.\n")
    return lexicon_turtle(lexicon, header)


def write_user_lexicon(lexicon: UserLexicon, path: str | Path | None = None) -> Path:
    """Write ``lexicon`` to ``path`` (default: :func:`default_lexicon_path`), whole: a
    temporary file beside it, renamed over it. Its folder is made when missing. Returns
    the path written; an :class:`OutputError` when it cannot be written."""
    target = lexicon_path(path)
    data = lexicon_turtle(lexicon).encode("utf-8")
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                    dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, 0o644)  # as any file the user writes, not mkstemp's 0600
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise OutputError(f"cannot write the lexicon: {exc.strerror or exc}",
                          path=target) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return target
