"""Safe writing: every published or saved file goes through a temporary file and an atomic rename."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock


def write_atomically(path: str | os.PathLike, content: str | bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half.

    The temporary file lives in the same folder (a rename is only atomic within one file
    system) and is removed when anything fails, the original left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


TEMPORARY_PATTERN = ".*.tmp"  # what write_atomically's temporary files look like: .<name>.<random>.tmp


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporary files a killed writer left behind in ``folder`` (and below); return them.

    ``write_atomically`` removes its temporary file on any error, but not when the process is
    killed (SIGKILL, power loss). Call this before writing into a folder that one process owns, such
    as a build's output folder: a temporary file of a writer that is still running would be lost.
    """
    folder = Path(folder)
    removed = []
    if not folder.is_dir():
        return removed
    for stale in folder.rglob(TEMPORARY_PATTERN):
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
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    # filelock: the same lock on Linux, macOS and Windows (fcntl exists on POSIX only)
    with FileLock(lock_path):
        yield


def append_rows(path: str | os.PathLike, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Append rows to a CSV file atomically, keeping its bytes, separator (``,`` or ``;``) and line ends.

    A missing or empty file is started with ``header``. The earlier content is never rewritten, so
    a saved round or session stays exactly as it was; hold :func:`exclusive_lock` around the read
    that decided what to append and this call.
    """
    path = Path(path)
    old = path.read_bytes() if path.exists() else b""
    text = old.decode("utf-8-sig") if old else ""
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    newline = "\r\n" if b"\r\n" in old else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    if not first_line:
        writer.writerow(header)
    writer.writerows(rows)
    separator = b"" if not first_line or old.endswith(b"\n") else newline.encode()
    write_atomically(path, (old if first_line else b"") + separator + buffer.getvalue().encode("utf-8"))
