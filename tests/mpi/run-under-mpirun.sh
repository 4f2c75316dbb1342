#!/usr/bin/env bash
# Runs a program under Open MPI's mpirun on this machine: run-under-mpirun.sh
# RANKS PROGRAM ARGS... Oversubscribes (more ranks than cores is fine for a
# test), allows root where the tests run as root, and uses shared memory
# without the cross-memory-attach that containers often forbid. Exits 77
# (skipped) when mpirun is not installed.
set -euo pipefail
if ! command -v mpirun >/dev/null 2>&1; then
  echo "skipped: mpirun not found (Debian's openmpi-bin; scripts/install-deps.sh installs it)" >&2
  exit 77
fi
ranks="$1"
shift
flags=(--oversubscribe -n "$ranks")
if [ "$(id -u)" -eq 0 ]; then
  flags=(--allow-run-as-root "${flags[@]}")
fi
export OMPI_MCA_btl_vader_single_copy_mechanism=none
exec mpirun "${flags[@]}" "$@"
