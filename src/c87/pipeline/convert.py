"""Convert letters and facts files into RDF and complaints: one input, or whole archives.

:func:`convert_one` turns one input into its outputs (bytes per format). :func:`convert_batch`
walks files and folders, converts in worker processes, writes every output whole or not
at all, skips inputs already converted by this version of c87, keeps going past bad
inputs, and reports on them in ``OUTDIR/report.json``.

Nothing holds the archive in memory: inputs are found as they are needed, at most a few
per worker are in flight, and results are written as they come back, in input order (so
that case ids, which two letters may share, come out the same every run). A worker sends
back only what is written (:class:`Rendered`: the bytes of each output, the case id, the
warnings), not the facts. The first input is converted in this process, and worker
processes are started only when at least :data:`SMALL_BATCH` inputs are left after it:
forked after that first conversion, they start with what it loaded (the schemas, the
lexicons, the lemma dictionaries), and a small batch never waits for them.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import itertools
import json
import os
import shutil
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from c87 import __version__
from c87.errors import EXIT_INTERNAL, C87Error, ContentError, OutputError, UsageError
from c87.input import read_letter
from c87.input.complaint import find_letter_text
from c87.input.facts import FACTS_SUFFIXES, load_facts
from c87.input.letters import SUPPORTED_SUFFIXES, letter_bytes, read_letter_bytes
from c87.mapper.assemble import read_letter_facts
from c87.ontology.iris import CaseIds, case_id
from c87.output.complaint import ValidationSample, render_html, serialize_complaint
from c87.output.facts import FORMATS as FACTS_FORMATS
from c87.output.facts import dump_facts
from c87.output.files import atomic_write, cannot_write
from c87.output.pdf import complaint_pdf
from c87.output.rdf import serialize_many

if TYPE_CHECKING:
    from c87.input.text import Text
    from c87.model import Facts
    from c87.model.complaint import ComplainantProfile
    from c87.ontology.user_lexicon import UserLexicon
    from c87.pipeline.public import Confidentiality

COMPLAINT_FORMATS = ("xml", "html", "pdf")
MANIFEST = ".c87-manifest.jsonl"
TEMP_DIR = ".c87-tmp"
REPORT = "report.json"
SMALL_BATCH = 8
"""With fewer inputs than this left after the first, a batch starts no worker process."""


@dataclass
class Converted:
    """One input, converted: its facts, case id, outputs and the warnings on the way."""

    name: str
    facts: Facts
    text: str | None
    case: str
    outputs: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What every input of a run is converted with: ``lexicon`` is the user lexicon
    letters are extracted with (None: the shipped lexicon alone); it travels to the
    worker processes with the rest."""

    formats: tuple[str, ...]
    base: str
    profile: ComplainantProfile | None = None
    max_bytes: int | None = None
    lexicon: UserLexicon | None = None
    validate: str = "all"
    """``all``: every complaint is validated against both schemas; ``sample``: the first
    of each process, every one of a shape not validated before, and one in ten
    (:class:`~c87.output.complaint.ValidationSample`). The bytes are the same."""
    confidentiality: Confidentiality | None = None
    """What is marked confidential and whether the outputs are public
    (:mod:`c87.pipeline.public`); None: the facts as they are."""

    @property
    def public(self) -> bool:
        return self.confidentiality is not None and self.confidentiality.public


def input_suffixes() -> set[str]:
    """The file endings c87 converts: letters and facts files."""
    return set(SUPPORTED_SUFFIXES) | set(FACTS_SUFFIXES)


def is_facts_file(name: str) -> bool:
    """Whether ``name`` is a facts file (read as it is) rather than a letter (extracted)."""
    return Path(name).suffix.lower() in FACTS_SUFFIXES


def facts_of(name: str, max_bytes: int | None = None, lexicon: UserLexicon | None = None
             ) -> tuple[Facts, str | None, list[str]]:
    """The facts of a facts file, or of a letter (extracted, with the user lexicon
    ``lexicon`` on top of the shipped one), the letter's text (None for a facts file) and
    the extraction's warnings.

    A letter in which no event is found is a :class:`ContentError`, as in ``c87 extract``
    (:func:`require_events`).
    """
    if is_facts_file(name):
        return load_facts(name, max_bytes=max_bytes), None, []
    text = read_letter(name, max_bytes=max_bytes)
    facts, warnings = _letter_facts(text, name, lexicon)
    return facts, text.text, warnings


def _letter_facts(text: Text, name: str, lexicon: UserLexicon | None
                  ) -> tuple[Facts, list[str]]:
    """The facts extracted from the letter ``name`` read into ``text``, and the warnings."""
    extraction = read_letter_facts(text, lexicon=lexicon)
    require_events(extraction.facts, name, "extract it with --allow-empty and convert the "
                                           "facts file to write it anyway")
    return extraction.facts, extraction.warnings


def require_events(facts: Facts, name: str, remedy: str) -> None:
    """The rule of ``c87 extract`` and ``c87 convert``: facts extracted from the letter
    ``name`` in which no event is found are not written (a :class:`ContentError`, exit
    status 1); ``remedy`` says how to write them anyway."""
    if not facts.events:
        raise ContentError(f"no event found; nothing written ({remedy})", path=name)


def render(facts: Facts, settings: Settings, *, case: str,
           text: str | None) -> dict[str, bytes]:
    """Format -> the bytes of ``facts`` in it: RDF, the complaint XML (with the letter's
    ``text`` attached, when known), its HTML page, the page as PDF/A-3 with the XML
    embedded, and the facts document (YAML, JSON)."""
    rdf = tuple(fmt for fmt in settings.formats
                if fmt not in COMPLAINT_FORMATS and fmt not in FACTS_FORMATS)
    outputs = serialize_many(facts, rdf, base=settings.base, case=case) if rdf else {}
    if _complaint(settings):
        xml = serialize_complaint(facts, settings.profile, text=text, base=settings.base,
                                  case=case, validate=validation(settings))
        if "xml" in settings.formats:
            outputs["xml"] = xml
        if "html" in settings.formats or "pdf" in settings.formats:
            outputs["html"] = render_html(xml)
        if "pdf" in settings.formats:
            outputs["pdf"] = complaint_pdf(xml, html=outputs["html"])
    for fmt in FACTS_FORMATS:
        if fmt in settings.formats:
            outputs[fmt] = dump_facts(facts, fmt).encode("utf-8")
    return {fmt: outputs[fmt] for fmt in settings.formats}


_SAMPLES: dict[int, ValidationSample] = {}


def validation(settings: Settings) -> bool | ValidationSample:
    """What ``serialize_complaint`` validates with: everything (``validate="all"``), or
    this process's sample (a forked worker gets a sample of its own)."""
    if settings.validate == "all":
        return True
    return _SAMPLES.setdefault(os.getpid(), ValidationSample())


def _complaint(settings: Settings) -> bool:
    return any(fmt in COMPLAINT_FORMATS for fmt in settings.formats)


@dataclass(frozen=True)
class Parcel:
    """One input as read where its file is, to be converted there or on another machine
    (:func:`convert_parcel`): a letter's bytes and format, or a facts file's facts and the
    text of the letter they came from (None when it is not found, or not needed: no
    complaint format asked for)."""

    name: str
    data: bytes | None = None
    fmt: str | None = None
    facts: Facts | None = None
    text: str | None = None


def read_input(name: str, settings: Settings) -> Parcel:
    """Read the input at ``name`` (and, for a facts file, look for its letter, as
    :func:`~c87.input.complaint.find_letter_text` does); raises what reading raises."""
    if is_facts_file(name):
        facts = load_facts(name, max_bytes=settings.max_bytes)
        text = find_letter_text(facts, name, max_bytes=settings.max_bytes) \
            if _complaint(settings) and not settings.public else None
        return Parcel(name, facts=facts, text=text)
    data, fmt = letter_bytes(name, max_bytes=settings.max_bytes)
    return Parcel(name, data=data, fmt=fmt)


def convert_parcel(parcel: Parcel, settings: Settings, case: str | None = None) -> Converted:
    """Convert an input read by :func:`read_input`; ``case`` overrides its case id."""
    if parcel.facts is not None:
        facts, text, warnings = parcel.facts, parcel.text, []
    else:
        assert parcel.data is not None
        letter = read_letter_bytes(parcel.data, parcel.name, parcel.fmt)
        facts, warnings = _letter_facts(letter, parcel.name, settings.lexicon)
        text = letter.text
    if settings.confidentiality is not None:
        facts = settings.confidentiality.apply(facts)
        if settings.public:
            text = None  # a public complaint attaches no letter
    chosen = case or case_id(facts)
    outputs = render(facts, settings, case=chosen, text=text)
    return Converted(parcel.name, facts, text, chosen, outputs, warnings)


def convert_one(name: str, settings: Settings, case: str | None = None) -> Converted:
    """Convert the input at ``name``; ``case`` overrides its case id."""
    return convert_parcel(read_input(name, settings), settings, case)


# -- batches ---------------------------------------------------------------------------------

@dataclass
class Failure:
    input: str
    status: int
    message: str


@dataclass
class Rendered:
    """One input converted, as a batch writes it: what a worker sends back (the facts stay
    where they were made). ``case`` is the input's own case id, ``sha256`` its text's
    (from which :class:`~c87.ontology.iris.CaseIds` makes another id when an earlier input
    of the run has that one)."""

    name: str
    case: str
    sha256: str
    outputs: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)


Result = Rendered | Failure
"""What becomes of one input of a batch."""

Finish = Callable[[str, Result], None]
"""What a batch does with the result of each input, called in input order."""

Runner = Callable[[Iterator[str], Settings, Finish], None]
"""Converts the inputs named (with :func:`attempt`, where it likes: here, in worker
processes, on a cluster) and calls ``finish(name, result)`` for each, in their order."""


@dataclass
class BatchReport:
    """What a batch did: written files, skipped and failed inputs."""

    converted: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    written: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def status(self) -> int:
        """The worst exit status of the inputs (0 when all went well)."""
        return max((f.status for f in self.failures), default=0)

    def as_json(self) -> dict[str, Any]:
        return {"c87": __version__, "converted": self.converted, "skipped": self.skipped,
                "failed": len(self.failures), "written": self.written,
                "interrupted": self.interrupted, "seconds": round(self.seconds, 3),
                "failures": [vars(f) for f in self.failures]}


def walk(inputs: Iterable[str], outdir: Path | None = None) -> Iterator[str]:
    """The files to convert: each file named, and the letters and facts files in each
    folder named (recursively, in name order, hidden files and OUTDIR left out)."""
    suffixes = input_suffixes()
    skip = outdir.resolve() if outdir else None
    for name in inputs:
        path = Path(name)
        if not path.is_dir():
            yield name
            continue
        for root, dirs, files in os.walk(path):
            here = Path(root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and (skip is None or (here / d).resolve() != skip))
            for file in sorted(files):
                if not file.startswith(".") and Path(file).suffix.lower() in suffixes:
                    yield str(here / file)


def _manifest(outdir: Path) -> dict[str, dict[str, Any]]:
    """Input path -> what the last run wrote for it (read from the manifest)."""
    entries: dict[str, dict[str, Any]] = {}
    path = outdir / MANIFEST
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                entries[entry["input"]] = entry
    return entries


def _up_to_date(name: str, entry: dict[str, Any] | None, settings: Settings,
                outdir: Path) -> bool:
    """Whether ``name`` was converted by this version of c87 to these formats (a letter:
    with the same user lexicon), and every output is still there and newer than the
    input."""
    if not entry or entry.get("version") != __version__ or \
            entry.get("formats") != list(settings.formats) or \
            entry.get("base") != settings.base or entry.get("profile") != _profile_key(settings):
        return False
    if not is_facts_file(name) and entry.get("lexicon") != _lexicon_key(settings):
        return False
    try:
        changed = Path(name).stat().st_mtime_ns
        return all((outdir / out).stat().st_mtime_ns >= changed for out in entry["outputs"])
    except OSError:
        return False


def _profile_key(settings: Settings) -> str | None:
    """The profile and the confidentiality settings, which every output depends on."""
    profile = settings.profile.model_dump_json() if settings.profile is not None else None
    if settings.confidentiality is None:
        return profile
    return f"{profile or ''}|confidentiality:{settings.confidentiality.digest}"


def _lexicon_key(settings: Settings) -> str | None:
    """The user lexicon's digest (None without one, or with an empty one)."""
    return settings.lexicon.digest if settings.lexicon else None


_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _work(name: str) -> tuple[str, Result]:
    """Convert one input in a worker process (never raises)."""
    assert _SETTINGS is not None
    return name, attempt(name, _SETTINGS)


def attempt(source: str | Parcel, settings: Settings, case: str | None = None) -> Result:
    """Convert the input at ``source`` (or read into it) for a batch (``case`` overrides
    its case id): what is written, or why it is not (never raises)."""
    name = source if isinstance(source, str) else source.name
    try:
        parcel = read_input(source, settings) if isinstance(source, str) else source
        converted = convert_parcel(parcel, settings, case)
    except Exception as exc:  # one bad input never stops the batch
        return failure(name, exc)
    return Rendered(name, converted.case, converted.facts.source.sha256, converted.outputs,
                    converted.warnings)


def failure(name: str, exc: Exception) -> Failure:
    """The failure of the input ``name`` that raised ``exc``: a C87Error's status and
    message (naming the file), any other exception an internal error (a bug)."""
    if isinstance(exc, C87Error):
        if exc.path is None:
            exc.path = name
        return Failure(name, exc.exit_code, str(exc))
    return Failure(name, EXIT_INTERNAL, f"{name}: internal error: "
                                        f"{type(exc).__name__}: {exc}")


def convert_batch(inputs: Iterable[str], outdir: str | Path, settings: Settings, *,
                  jobs: int = 1, force: bool = False,
                  on_written: Callable[[Path], None] | None = None,
                  on_warning: Callable[[str, str], None] | None = None,
                  on_failure: Callable[[Failure], None] | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  runner: Runner | None = None) -> BatchReport:
    """Convert every input (files, or folders walked) into ``outdir``.

    Each output is written to a temporary file and renamed, so an interrupted run leaves
    only complete files; the manifest records each converted input, so a second run
    skips what is up to date (``force`` redoes it). Failures are collected, not raised;
    the report is also written to ``outdir/report.json``. ``progress(done, total)`` is
    called as inputs finish. An output that cannot be written (a read-only folder, no
    permission, a full disk) stops the batch with an :class:`OutputError`: the files
    written before it are whole, and nothing half-written is left.

    The inputs are converted in this process and ``jobs`` worker processes, or by
    ``runner`` (e.g. on a Dask cluster: :mod:`c87.pipeline.cluster`); whatever converts
    them, this process writes the files, the manifest and the report.
    """
    started = time.perf_counter()
    folder = Path(outdir)
    _prepare(folder, str(outdir))
    batch = _Batch(inputs, folder, settings, on_written=on_written, on_warning=on_warning,
                   on_failure=on_failure, progress=progress)
    batch.plan(force)
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    stopped = False  # by an output that cannot be written: that error is the one reported
    try:
        batch.run(jobs, runner)
    except KeyboardInterrupt:
        batch.report.interrupted = True
    except OutputError:
        stopped = True
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(batch.temp, ignore_errors=True)
        batch.report.seconds = time.perf_counter() - started
        _write_report(folder, batch.report, stopped=stopped)
    return batch.report


def _prepare(folder: Path, name: str) -> None:
    """Make the output folder, and in it an empty temporary folder (what an interrupted
    run left there half-written is removed)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError("is not a folder; give a folder for -o", path=name)
    temp = folder / TEMP_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
    except OSError as exc:
        raise cannot_write(exc, folder) from None


def _write_report(folder: Path, report: BatchReport, *, stopped: bool) -> None:
    """Write ``report.json``; when the batch was ``stopped`` by an output that cannot be
    written, a report that cannot be written either is not the error to report."""
    try:
        atomic_write(folder / REPORT, json.dumps(report.as_json(), indent=2,
                                                 ensure_ascii=False) + "\n")
    except OutputError:
        if not stopped:
            raise


@dataclass
class _Batch:
    """One run of :func:`convert_batch`: its inputs, where it writes, with what settings,
    whom it tells of what, and what it did so far."""

    inputs: Iterable[str]
    folder: Path
    settings: Settings
    on_written: Callable[[Path], None] | None = None
    on_warning: Callable[[str, str], None] | None = None
    on_failure: Callable[[Failure], None] | None = None
    progress: Callable[[int, int], None] | None = None
    known: dict[str, dict[str, Any]] = field(default_factory=dict)
    report: BatchReport = field(default_factory=BatchReport)
    ids: CaseIds = field(default_factory=CaseIds)
    total: int = 0
    done: int = 0
    manifest: TextIO = field(init=False, repr=False)

    @property
    def temp(self) -> Path:
        return self.folder / TEMP_DIR

    def plan(self, force: bool) -> None:
        """Read the manifest (unless ``force``) and count the inputs. The case ids of the
        outputs kept from an earlier run are not free for this one."""
        self.known = {} if force else _manifest(self.folder)
        self.total = sum(1 for _ in walk(self.inputs, self.folder))
        for name, entry in self.known.items():
            if _up_to_date(name, entry, self.settings, self.folder):
                for out in entry["outputs"]:
                    self.ids.take(out.rsplit(".", 1)[0])

    def run(self, jobs: int, runner: Runner | None = None) -> None:
        """Convert the inputs not up to date (with ``runner``, or here and in ``jobs``
        worker processes), adding each one converted to the manifest."""
        try:
            self.manifest = (self.folder / MANIFEST).open("a", encoding="utf-8")
        except OSError as exc:
            raise cannot_write(exc, self.folder / MANIFEST) from None
        with self.manifest:
            (runner or functools.partial(_run_local, jobs=jobs))(
                self.pending(), self.settings, self.finish)

    def pending(self) -> Iterator[str]:
        """The inputs to convert, in order; those up to date are counted as skipped."""
        for name in walk(self.inputs, self.folder):
            if _up_to_date(name, self.known.get(name), self.settings, self.folder):
                self.report.skipped += 1
                self._tick()
                continue
            yield name

    def finish(self, name: str, result: Result) -> None:
        """Record what became of the input ``name``: its failure, or its outputs."""
        if isinstance(result, Rendered):
            result = self._with_free_case(name, result)
        if isinstance(result, Failure):
            self.report.failures.append(result)
            if self.on_failure:
                self.on_failure(result)
        else:
            self._write(name, result)
        self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)

    def _write(self, name: str, result: Rendered) -> None:
        """Write the outputs of ``result`` whole, and add them to the manifest."""
        self.ids.take(result.case)
        for warning in result.warnings:
            if self.on_warning:
                self.on_warning(name, warning)
        written = []
        for fmt, data in result.outputs.items():
            path = self.folder / f"{result.case}.{fmt}"
            atomic_write(path, data, temp_dir=self.temp, durable=False)
            written.append(path.name)
            self.report.written += 1
            if self.on_written:
                self.on_written(path)
        self.report.converted += 1
        entry = {"input": name, "version": __version__, "formats": list(self.settings.formats),
                 "base": self.settings.base, "profile": _profile_key(self.settings),
                 "outputs": written}
        if not is_facts_file(name):
            entry["lexicon"] = _lexicon_key(self.settings)
        try:
            self.manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.manifest.flush()
        except OSError as exc:
            raise cannot_write(exc, self.folder / MANIFEST) from None

    def _with_free_case(self, name: str, result: Rendered) -> Result:
        """``result`` with the case id it has in this run: its own, or (when an earlier
        input of the run has it) the next free one, the input converted again here with
        it (the facts did not come back from the worker)."""
        case = self.ids.propose_id(result.case, result.sha256)
        if case == result.case:
            return result
        return attempt(name, self.settings, case)


def _run_local(names: Iterator[str], settings: Settings, finish: Finish, *,
               jobs: int) -> None:
    """Convert in this process, and, with ``jobs`` > 1 and at least :data:`SMALL_BATCH`
    inputs after the first, in ``jobs`` worker processes: the first input is converted
    here before they start, so that they inherit what it loaded."""
    for name in itertools.islice(names, 1):
        finish(name, attempt(name, settings))
    ahead = list(itertools.islice(names, SMALL_BATCH if jobs > 1 else 0))
    if len(ahead) < SMALL_BATCH:
        for name in itertools.chain(ahead, names):
            finish(name, attempt(name, settings))
        return
    _run_pool(itertools.chain(ahead, names), settings, jobs, finish)


def _run_pool(names: Iterator[str], settings: Settings, jobs: int, finish: Finish) -> None:
    """Convert in ``jobs`` processes, a few inputs in flight each, results in order."""
    window: deque[cf.Future[tuple[str, Result]]] = deque()
    with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                initargs=(settings,)) as pool:
        try:
            for name in names:
                window.append(pool.submit(_work, name))
                if len(window) >= jobs * 4:
                    finish(*window.popleft().result())
            while window:
                finish(*window.popleft().result())
        except BaseException:
            for future in window:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
