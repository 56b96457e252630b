"""tests/fixtures/shared/ holds copies of files of ../shared; they must not drift from it."""

from pathlib import Path

import pytest

from tests.paths import REFERENCE_SHARED, SARIF_SCHEMA, SEED, SHARED


def differences(copies: Path, reference: Path) -> list[str]:
    """Each copy under `copies` that is missing from `reference` or differs from it, byte for byte."""
    found = []
    for copy in sorted(p for p in copies.rglob("*") if p.is_file()):
        name = copy.relative_to(copies).as_posix()
        original = reference / name
        if not original.is_file():
            found.append(f"{name}: not in {reference}")
        elif original.read_bytes() != copy.read_bytes():
            found.append(f"{name}: differs from {original}")
    return found


def test_the_tests_read_the_copies_not_the_shared_folder():
    assert sorted(p.relative_to(SHARED).as_posix() for p in SHARED.rglob("*") if p.is_file()) == [
        "schemas/sarif-schema-2.1.0.json",
        "seeds/intimacy-pillar.txt",
    ]
    assert SEED.is_relative_to(SHARED) and SARIF_SCHEMA.is_relative_to(SHARED)


@pytest.mark.skipif(not REFERENCE_SHARED.is_dir(), reason=f"{REFERENCE_SHARED} is not there to compare with")
def test_copies_equal_the_shared_folder():
    assert differences(SHARED, REFERENCE_SHARED) == []


def test_a_changed_or_missing_file_is_reported(tmp_path):
    """Positive control: the comparison above can fail."""
    copies, reference = tmp_path / "copies", tmp_path / "reference"
    for folder in (copies, reference):
        (folder / "seeds").mkdir(parents=True)
        (folder / "seeds" / "same.txt").write_text("same\n")
    (copies / "seeds" / "changed.txt").write_text("one byte more\n")
    (reference / "seeds" / "changed.txt").write_text("one byte more")
    (copies / "only-here.json").write_text("{}")
    assert differences(copies, reference) == [
        f"only-here.json: not in {reference}",
        f"seeds/changed.txt: differs from {reference / 'seeds' / 'changed.txt'}",
    ]
