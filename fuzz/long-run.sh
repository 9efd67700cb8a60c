#!/usr/bin/env bash
# Long runs: each target given as an argument runs until it has used FVMI_FUZZ_CPU_SECONDS of
# CPU time (default 600; counted from /proc, so a busy machine stretches the wall time, not the
# budget) under `nice -n ${FVMI_FUZZ_NICE:-10}`, then gets SIGINT and prints libFuzzer's final
# stats (libFuzzer then exits with 72). New inputs go to $FVMI_FUZZ_WORK/<target> (not committed), the committed corpus is read
# too; the log and a one-line summary (CPU seconds, wall seconds, executions, corpus, coverage)
# are $FVMI_FUZZ_WORK/<target>.log and .summary. Needs a prior `cargo fuzz build -O -s none`.
set -euo pipefail
cd "$(dirname "$0")"
budget="${FVMI_FUZZ_CPU_SECONDS:-600}"
work="${FVMI_FUZZ_WORK:-/tmp/fvmi-fuzz}"
host="$(rustc -vV | sed -n 's/^host: //p')"
bin="${CARGO_TARGET_DIR:-target}/$host/release"
ticks="$(getconf CLK_TCK)"

# CPU seconds used so far by process $1 (user + system), or nothing once it has exited.
cpu_seconds() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
    # Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    set -- ${stat##*) }
    echo $(( (${12} + ${13}) / ticks ))
}

for target in "$@"; do
    mkdir -p "$work/$target" "artifacts/$target"
    log="$work/$target.log"
    start=$(date +%s)
    touch "$work/$target.start"
    nice -n "${FVMI_FUZZ_NICE:-10}" "$bin/$target" -max_total_time=$(( budget * 50 )) -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
        "$work/$target" "corpus/$target" >"$log" 2>&1 &
    pid=$!
    used=0
    while kill -0 "$pid" 2>/dev/null; do
        used="$(cpu_seconds "$pid")"
        if [ -n "$used" ] && [ "$used" -ge "$budget" ]; then
            kill -INT "$pid" 2>/dev/null || true
            break
        fi
        sleep 5
    done
    status=0
    wait "$pid" || status=$?
    # (A log without stats, e.g. from a binary that did not start, must not end the loop.)
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)"
    corpus="$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
    crashes="$(find "artifacts/$target" -type f -newer "$work/$target.start" 2>/dev/null | wc -l || true)"
    echo "$target cpu_s=${used:-?} wall_s=$(( $(date +%s) - start )) execs=${execs:-?} corpus=${corpus:-?} cov=${cov:-?} status=$status new_artifacts=$crashes" \
        | tee "$work/$target.summary"
done
