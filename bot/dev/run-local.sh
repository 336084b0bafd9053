#!/usr/bin/env bash
# The README's run command (`npm start`): installs the local npm tools if missing, then starts the demo team
# (bot/dev/demo.mjs): Azurite (data in the git-ignored .azurite/ folder), the bot on http://127.0.0.1:3978, and one
# Microsoft 365 Agents Playground per person of the demo tenant on 56150-56153 (PLAYGROUND_PORT moves them), seeded the
# first time. It prints which port is who. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x node_modules/.bin/azurite-table ]; then
  echo "Installing the local npm tools (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

exec node bot/dev/demo.mjs "$@"
