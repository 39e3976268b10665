"""Read a complainant profile (YAML): who files a complaint, from where, who signs it.

The format is :class:`c87.model.complaint.ComplainantProfile` (see ``examples/complainant.yaml``
and the README). YAML is read with the safe loader only; an error names the file, the
line and the field, as for facts files (:mod:`c87.input.facts`). A valid profile may still
be unfit to file with: :func:`profile_warnings` says why (an example's placeholder name
for the signatory), and the CFA checklist fails it.
"""

from __future__ import annotations

from pathlib import Path

from c87.errors import InputError
from c87.input.facts import load_yaml, validated
from c87.input.files import read_bytes
from c87.model.complaint import ComplainantProfile
from c87.ontology.cfa import is_placeholder_name

__all__ = ["load_complainant", "parse_complainant", "profile_warnings"]


def load_complainant(path: str | Path, *, max_bytes: int | None = None) -> ComplainantProfile:
    """Read and validate the complainant profile at ``path``.

    Raises :class:`InputError` when the file cannot be read and :class:`ContentError`
    (naming the line and the field) when it is not a valid profile.
    """
    data = read_bytes(Path(path), max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", path=path) from None
    return parse_complainant(text, str(path))


def parse_complainant(text: str, name: str = "<string>") -> ComplainantProfile:
    """Parse a complainant profile from YAML text."""
    data, node = load_yaml(text, name)
    return validated(data, node, name, ComplainantProfile,
                     "a complainant profile (a mapping with name, type, address, signatory "
                     "... is expected)", "a valid complainant profile")


def profile_warnings(profile: ComplainantProfile) -> list[str]:
    """What makes a valid profile unfit to file a complaint with, one sentence each.

    Today one thing: a signatory whose name is a placeholder ("Jane Doe", as in
    ``examples/complainant.yaml``), which the CFA checklist fails too.
    """
    if profile.signatory is not None and is_placeholder_name(profile.signatory.name):
        return [f"signatory.name: {profile.signatory.name} is a placeholder name: this "
                "profile is an example; the complaint's signatory check will fail until "
                "it names the person who signs"]
    return []
