#!/usr/bin/env bash
# The README's run command (`npm start`): installs the local npm tools if missing, starts Azurite
# (data in the git-ignored .azurite/ folder), runs the bot on http://127.0.0.1:3978 and the Microsoft 365
# Agents Playground on http://127.0.0.1:56150 (PLAYGROUND_PORT), pointed at the bot, to chat with it in a browser.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x node_modules/.bin/azurite-table ]; then
  echo "Installing the local npm tools (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

pids=()
kill_tree() { # pid: the process and everything it started
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill_tree "$pid"; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_for_port() { # port, name
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$2 did not start on port $1" >&2
  return 1
}

mkdir -p .azurite
if (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  echo "Something already listens on 127.0.0.1:10002; using it as Azurite."
else
  # Supervised: if Azurite stops, the bot keeps running (its /readyz says 503) and Azurite comes back after 5 s.
  (
    trap 'exit 0' INT TERM # Ctrl-C reaches Azurite and this loop together: stop, do not restart it
    while true; do
      node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --location .azurite \
        --skipApiVersionCheck --disableTelemetry >>.azurite/azurite.log 2>&1 || true
      echo "Azurite stopped; restarting it in 5 s (the bot's /readyz answers 503 meanwhile)." >&2
      sleep 5
    done
  ) &
  pids+=($!)
  wait_for_port 10002 Azurite
  echo "Azurite (tables) on http://127.0.0.1:10002, data in .azurite/"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run --project bot --no-launch-profile &
bot=$!
pids+=("$bot")
wait_for_port 3978 CxBot

# The playground has no host option and would listen on every interface: the preload binds it to 127.0.0.1.
playground_port="${PLAYGROUND_PORT:-56150}"
if (exec 3<>"/dev/tcp/127.0.0.1/$playground_port") 2>/dev/null; then
  echo "Port $playground_port is taken; set PLAYGROUND_PORT to another one." >&2
  exit 1
fi
NODE_OPTIONS="--require $PWD/bot/dev/loopback-only.cjs" TEAMSAPPTESTER_BROWSER=none \
  node_modules/.bin/agentsplayground start -e http://127.0.0.1:3978/api/messages -c msteams \
  -p "$playground_port" --service-url "http://127.0.0.1:$playground_port/_connector" --disable-telemetry \
  >.azurite/playground.log 2>&1 &
pids+=($!)
wait_for_port "$playground_port" "Agents Playground"

echo
echo "CxBot on http://127.0.0.1:3978  (health: /healthz, readiness: /readyz)."
echo "Chat with it: open http://127.0.0.1:$playground_port  (Microsoft 365 Agents Playground; log in .azurite/playground.log)."
echo "Ctrl-C stops everything."
wait "$bot"
