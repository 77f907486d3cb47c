"""Build processes only: imported first, it keeps jsonschema from compiling grammars that no build uses.

jsonschema (imported by nbformat, papermill and nbconvert) imports the optional package
``rfc3987_syntax`` when it is installed (jupyter-events pulls it in), and that compiles 38 Lark
grammars at import: 1.1 s of CPU (measured: ``import jsonschema`` 1.20 s with it, 0.11 s without),
more than the rest of papermill and nbconvert together. nbformat's schemas use no IRI formats, so the
build's own processes (the build command, the forkserver and its workers) go without it: ``None`` in
``sys.modules`` makes ``import rfc3987_syntax`` raise ImportError. Imported by
:mod:`woonzorg.publish.run` and first in the forkserver's preload; never by ``import woonzorg.publish``
nor in a kernel (kernels import no jsonschema), so JupyterLab, the app and users' kernels keep it.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
