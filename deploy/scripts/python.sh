# The Python interpreter of the scripts, defined once; source it, do not run it.
# Debian's python3 has the training stack (torch, numpy, onnx from install-prereqs.sh); the
# python3 first on PATH may be another one without torch. Set POSESEARCH_PYTHON to use another.
PYTHON=${POSESEARCH_PYTHON:-/usr/bin/python3}
