#!/usr/bin/env bash
# Long runs: each target given as an argument runs for FVMI_FUZZ_SECONDS (default 600) under
# nice, new inputs in $FVMI_FUZZ_WORK/<target> (not committed), the committed corpus read too;
# logs and CPU time in $FVMI_FUZZ_WORK/<target>.log / .time. Needs a prior `cargo fuzz build -O -s none`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FVMI_FUZZ_SECONDS:-600}"
work="${FVMI_FUZZ_WORK:-/tmp/fvmi-fuzz}"
host="$(rustc -vV | sed -n 's/^host: //p')"
bin="${CARGO_TARGET_DIR:-target}/$host/release"
for target in "$@"; do
    mkdir -p "$work/$target" "artifacts/$target"
    /usr/bin/time -f "%U %S %e" -o "$work/$target.time" \
        nice -n 10 "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
        "$work/$target" "corpus/$target" >"$work/$target.log" 2>&1 || echo "$target: exit $?" >>"$work/failures"
done
