"""Safe writing: every published or saved file goes through a temporary file and an atomic rename."""

from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from woonzorg import safetext
from woonzorg.data import DataError, DataValidationError, read_bytes


class NotWritable(DataValidationError):
    """A data file that cannot be saved (read-only folder, full disk); the message names the file, in Dutch.

    A :class:`~woonzorg.data.DataValidationError`, so every caller that reports bad data (the
    command, the save widgets) reports this as well, without a traceback.
    """

    def __init__(self, path: Path, exc: OSError):
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            why = f"geen schrijfrechten in de map {path.parent} (alleen-lezen?)"
        elif exc.errno == errno.ENOSPC:
            why = "de schijf is vol"
        elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
            why = f"een deel van het pad {path.parent} is een bestand, geen map"
        else:
            why = f"het systeem meldt: {exc.strerror or exc}"
        super().__init__([DataError(_display(path), f"kan niet worden opgeslagen: {why}; er is niets gewijzigd")])


TEMPORARY_SUFFIX = ".woonzorg-tmp"  # write_atomically's temporary files: .<name>.<random>.woonzorg-tmp


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half.

    The temporary file lives in the same folder (a rename is only atomic within one file
    system) and is removed when anything fails, the original left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: str | os.PathLike, content: bytes) -> bool:
    """``write_atomically`` only when the file is missing or holds other bytes; True when it wrote."""
    path = Path(path)
    if path.exists() and path.read_bytes() == content:
        return False
    write_atomically(path, content)
    return True


def remove_stale_temporaries(targets: Iterable[str | os.PathLike]) -> list[Path]:
    """Remove what a killed writer left of ``write_atomically``'s temporary files for these targets.

    ``write_atomically`` removes its temporary file on any error, but not when the process is
    killed (SIGKILL, power loss). Only the temporary files of the named targets are touched (a
    target ``dir/name.html`` has temporaries ``dir/.name.html.<random>.woonzorg-tmp``; a target
    named ``dir/prefix*`` covers every file name starting with ``prefix``): never a file this
    project did not write, nor one of a writer that is still running for another target.
    """
    removed = []
    for target in targets:
        target = Path(target)
        if not target.parent.is_dir():
            continue
        for stale in target.parent.glob(f".{target.name}.*{TEMPORARY_SUFFIX}"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)
                removed.append(stale)
    return removed


@contextmanager
def exclusive_lock(path: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on a sidecar file next to ``path`` while a block reads and rewrites it.

    The lock file (``.<name>.lock``) is separate because the data file itself is replaced on every
    write. Used to append learning-circle answers without losing a concurrent save.
    """
    path = Path(path)
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotWritable(path, exc) from None
    # filelock: the same lock on Linux, macOS and Windows (fcntl exists on POSIX only)
    lock = FileLock(lock_path)
    try:
        lock.acquire()
    except OSError as exc:  # a read-only data folder: the lock file cannot be made
        raise NotWritable(path, exc) from None
    try:
        yield
    finally:
        lock.release()


def plain_number(value: float | None, decimals: int) -> str:
    """A number as a data file holds it: rounded to ``decimals``, a dot as decimal point, no ``.0`` on a
    whole number; ``None`` is an empty cell."""
    if value is None:
        return ""
    text = repr(round(float(value), decimals))
    return text[:-2] if text.endswith(".0") else text


def append_rows(path: str | os.PathLike, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Append rows to a CSV file atomically, keeping its bytes, separator (``,`` or ``;``) and line ends.

    A missing or empty file is started with ``header``. The earlier content is never rewritten, so
    a saved round or session stays exactly as it was; hold :func:`exclusive_lock` around the read
    that decided what to append and this call.

    Every text value is made safe on the way (:func:`woonzorg.safetext.defuse_cell`: no cell a
    spreadsheet reads as a formula, with ``,`` or ``;`` as separator), and every new cell is
    checked as ``woonzorg check`` would check it when ``path`` is a registered table (control
    characters, length, kind, unit): what one save writes cannot break the dataset. A refused row
    raises :class:`woonzorg.data.DataValidationError` naming file, regel and kolom; nothing is written.
    """
    path = Path(path)
    old = _read_existing(path)
    text = old.decode("utf-8-sig", errors="replace") if old else ""
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    newline = "\r\n" if b"\r\n" in old else "\n"
    safe_rows = [[safetext.defuse_cell(value) for value in row] for row in rows]
    next_regel = (text.count("\n") + (0 if not text or text.endswith("\n") else 1) + 1) if first_line else 2
    check_new_rows(path, list(header), safe_rows, next_regel)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    if not first_line:
        writer.writerow(header)
    writer.writerows(safe_rows)
    separator = b"" if not first_line or old.endswith(b"\n") else newline.encode()
    try:
        write_atomically(path, (old if first_line else b"") + separator + buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        raise NotWritable(path, exc) from None


def _read_existing(path: Path) -> bytes:
    """The file's bytes (empty when it does not exist yet), or a Dutch error saying why it cannot be read."""
    return read_bytes(path, _display(path)) if path.exists() or path.is_symlink() else b""


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def check_new_rows(path: Path, header: list[str], rows: list[list[object]], first_regel: int) -> None:
    """Refuse what ``check`` would refuse in the rows about to be appended (see :func:`append_rows`)."""
    from woonzorg import columns, data

    schema = next((s for s in data.schemas().values() if s.file == path.name), None)
    by_name = {c.name: c for c in schema.columns} if schema else {}
    name = _display(path)
    errors: list[data.DataError] = []
    for offset, row in enumerate(rows):
        regel = first_regel + offset
        if len(row) != len(header):
            errors.append(data.DataError(name, f"{len(row)} velden in plaats van {len(header)}", regel))
            continue
        for kolom, value in zip(header, row):
            column = by_name.get(kolom)
            text = "" if value is None else str(value)
            problem = columns.check_text(text, column) if column else (
                f"bevat een {found}; verwacht gewone tekst" if (found := safetext.control_character(
                    text, line_breaks=True)) else None)
            if problem:
                errors.append(data.DataError(name, problem, regel, kolom))
                continue
            if column is None or not text.strip():
                continue
            try:
                parsed = columns.PARSERS[column.kind](text.strip(), False)
            except ValueError as exc:
                errors.append(data.DataError(name, str(exc), regel, kolom))
                continue
            unit_column = schema.unit_source(column)
            unit_text = str(row[header.index(unit_column)]) if unit_column in header else None
            errors.extend(data.DataError(name, problem, regel, kolom)
                          for problem in columns.check_cell(column, text.strip(), parsed, unit_text))
    if errors:
        raise data.DataValidationError(errors)
