#!/usr/bin/env bash
# Times `opas build` on N synthetic municipalities made from the reference files.
# Usage: scripts/bench.sh [N=309]
# Prints: wall time cold and no-change rebuild, ms per guide, peak memory, bytes per PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-309}"
cargo build --release --quiet
bin="$PWD/target/release/opas"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r content themes "$work/"
mkdir -p "$work/municipalities"
refs=(municipalities/*.toml)
for i in $(seq 1 "$n"); do
  src="${refs[$(( (i - 1) % ${#refs[@]} ))]}"
  base="$(basename "$src" .toml)"
  slug="$base-$i"
  cp "$src" "$work/municipalities/$slug.toml"
  if [ -d "municipalities/$base" ]; then cp -r "municipalities/$base" "$work/municipalities/$slug"; fi
done

measure() { # label, then the command; prints wall seconds and peak KB
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-28s %8.3f s  peak %6.1f MB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  echo "$secs" > "$work/last"
}

echo "opas build of $n municipalities ($(nproc) cores)"
measure "cold build" "$bin" -C "$work" build --quiet --out "$work/output"
cold="$(cat "$work/last")"
guides="$(grep -c '"municipality"' "$work/output/manifest.json")"
measure "no-change rebuild" "$bin" -C "$work" build --quiet --out "$work/output"
printf '%-28s %8d\n' "guides (all languages)" "$guides"
printf '%-28s %8.3f ms\n' "wall per guide (cold)" "$(echo "$cold * 1000 / $guides" | bc -l)"
html_bytes="$(find "$work/output" -name index.html -path '*/*/*' -printf '%s\n' | awk '{s+=$1} END {print s/NR}')"
printf '%-28s %8.0f bytes\n' "mean HTML page" "$html_bytes"
if [ -n "$(find "$work/output" -name '*.pdf' -print -quit)" ]; then
  pdf_bytes="$(find "$work/output" -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s/NR}')"
  printf '%-28s %8.0f bytes\n' "mean PDF" "$pdf_bytes"
fi
