#!/usr/bin/env bash
# The README's test command (`npm test`): installs the local npm tools if missing, builds, runs every test
# (the tests start their own Azurite on a free loopback port), and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite-table ]; then
  echo "Installing the local npm tools (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error || exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build CxBot.sln -c Release -warnaserror --nologo -v quiet || { echo "Tests: 0 passed, 1 failed (the build failed)"; exit 1; }

dotnet test CxBot.sln -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=cxbot" --results-directory "$results" \
  --logger "console;verbosity=normal" 2>&1 | grep -vE '^\s*(Passed |Skipped )' 
status=${PIPESTATUS[0]}

# One plain summary line, added up from every test assembly's results.
read -r passed failed skipped < <(node -e '
  const fs = require("fs"), path = require("path");
  let p = 0, f = 0, s = 0;
  for (const file of fs.readdirSync(process.argv[1]).filter(n => n.endsWith(".trx"))) {
    const xml = fs.readFileSync(path.join(process.argv[1], file), "utf8");
    const m = xml.match(/<Counters [^>]*>/);
    if (!m) continue;
    const get = k => Number((m[0].match(new RegExp(k + "=\"(\\d+)\"")) || [0, 0])[1]);
    p += get("passed"); f += get("failed") + get("error") + get("timeout") + get("aborted"); s += get("notExecuted");
  }
  console.log(p, f, s);' "$results")

# Failed tests again at the very end, so the tail of a long log says what failed and why.
node -e '
  const fs = require("fs"), path = require("path");
  const unescape = t => t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'"'"'").replace(/&amp;/g, "&");
  for (const file of fs.readdirSync(process.argv[1]).filter(n => n.endsWith(".trx"))) {
    const xml = fs.readFileSync(path.join(process.argv[1], file), "utf8");
    for (const m of xml.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
      const message = (m[2].match(/<Message>([\s\S]*?)<\/Message>/) || [, ""])[1];
      const stack = (m[2].match(/<StackTrace>([\s\S]*?)<\/StackTrace>/) || [, ""])[1];
      console.log("\nFAILED: " + unescape(m[1]));
      console.log(unescape(message).split("\n").slice(0, 15).join("\n"));
      console.log(unescape(stack).split("\n").slice(0, 8).join("\n"));
    }
  }' "$results"

echo
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${failed}" -ne 0 ] || [ "${passed}" -eq 0 ]; then
  exit 1
fi
