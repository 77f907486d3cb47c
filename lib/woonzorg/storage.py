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
