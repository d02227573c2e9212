# Shared by the scripts that run `brushfire` against the embedded broker (bench-kafka.sh, scale-run.sh); sourced,
# not run. Sets WORK (a scratch directory, NAME given as $1) and PIDS (processes to stop on exit; KEEP=1 keeps
# WORK), checks that the release build and kcat exist, and exports a throwaway fingerprint key ($2).
WORK=$(mktemp -d "/tmp/$1.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$BIN" ] || { echo "no $BIN: run 'swift build -c release --product brushfire' first" >&2; exit 1; }
command -v kcat >/dev/null || { echo "kcat is required" >&2; exit 1; }
export BRUSHFIRE_FINGERPRINT_KEY=$2
