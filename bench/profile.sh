#!/usr/bin/env bash
# Profile ours once: a cold build, then a no-change rebuild, of the N-article
# corpus (default 10000) under pyinstrument (or: PROFILER=py-spy|cprofile).
# Profiles (.txt, .html; .svg for py-spy; .pstats for cProfile) go to bench/work/.
# Usage: bench/profile.sh [N] [extra run.py options]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
N=${1:-10000}; shift || true
exec "${PYTHON:-python3}" "$HERE/run.py" --profile --profiler "${PROFILER:-pyinstrument}" --sizes "$N" "$@"
