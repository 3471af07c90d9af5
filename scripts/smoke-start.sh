#!/usr/bin/env bash
# Runs `npm start` as the README says, waits for the server to listen, has one raw TCP user
# join and quit (as nc would), then stops the whole process group with SIGTERM.
set -euo pipefail
set -m # the background job gets its own process group, so one signal reaches npm and the server
log=$(mktemp)
npm start >"$log" 2>&1 &
group=$!
trap 'kill -TERM -- "-$group" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
	grep -q '^Listening on ' "$log" && break
	kill -0 "$group" 2>/dev/null || break
	sleep 0.25
done
if ! grep -q '^Listening on ' "$log"; then
	cat "$log"
	echo 'smoke: npm start did not print "Listening on"' >&2
	exit 1
fi
port=$(sed -n 's/^Listening on .*:\([0-9]*\)$/\1/p' "$log")
node scripts/smoke-user.mjs "$port"
kill -TERM -- "-$group"
wait "$group" || true # npm reports the signal; the server's own exit code is checked by the tests
trap - EXIT
if node -e "require('net').connect($port, '127.0.0.1').on('connect', () => process.exit(1)).on('error', () => process.exit(0))"; then
	echo "smoke: npm start served a user on port $port and stopped on SIGTERM"
else
	echo "smoke: the server was still listening on port $port after SIGTERM" >&2
	exit 1
fi
