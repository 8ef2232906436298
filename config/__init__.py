"""Project configuration: settings, URLs, WSGI/ASGI and the `alliances` command."""

import os

# One BLAS thread per process: search by need multiplies a 20,000 × 300 table by one vector, which
# threads only slow down (measured 6.4 ms with two threads against 3.1 ms with one, on this
# 2-core machine under load), and web workers are already one per core.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
