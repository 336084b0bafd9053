#!/usr/bin/env bash
# Runs benchmarks on two builds of CxBot, alternating old and new, so both see the same machine and the same Azurite:
#   bash tests/CxBot.Benchmarks/before-after.sh <old commit> <new commit> <out dir> "<benchmark and options>" ["<another>" ...]
# e.g. before-after.sh 8bded79 HEAD /tmp/gates "storage" "ideas" "incidents" "load --duration 600 --profile 0"
# Each side is a clean clone of this repository at its commit, built in Release. Each benchmark runs old, then new; the
# outputs are <out dir>/<n>-<name>-old.txt and -new.txt, with the load average before and after each run.
set -euo pipefail
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
old=$1 new=$2 out=$3
shift 3
mkdir -p "$out"

checkout() { # <commit> <dir> (kept when it is already that commit's build)
  if [ -f "$2/.built" ] && [ "$(git -C "$2" rev-parse HEAD)" = "$(git -C "$repo" rev-parse "$1")" ]; then return; fi
  rm -rf "$2"
  git clone -q "$repo" "$2"
  git -C "$2" checkout -q "$(git -C "$repo" rev-parse "$1")"
  ln -s "$repo/node_modules" "$2/node_modules"
  (cd "$2" && dotnet build CxBot.sln -c Release --nologo -v quiet >/dev/null)
  touch "$2/.built"
}

checkout "$old" "$out/old"
checkout "$new" "$out/new"
echo "old: $(git -C "$out/old" log --oneline -1)" | tee "$out/sides.txt"
echo "new: $(git -C "$out/new" log --oneline -1)" | tee -a "$out/sides.txt"

n=0
for bench in "$@"; do
  n=$((n + 1))
  name=${bench%% *}
  for side in old new; do
    file="$out/$n-$name-$side.txt"
    {
      echo "# $side: $bench ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
      # shellcheck disable=SC2086 # the options are words on purpose
      (cd "$out/$side" && dotnet run -c Release --no-build --project tests/CxBot.Benchmarks -- $bench) 2>&1 || echo "# exit $?"
      echo "# end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$file"
    echo "$file"
  done
done
