#!/usr/bin/env bash
# The README's first command as a person runs it: `npm start` (the demo) in a real terminal
# (tmux). A raw TCP user joins on the port the screen shows and quits; then Ctrl-C ends the
# demo, which must exit 0.
set -euo pipefail
socket="natter-ci-$$"
t() { tmux -L "$socket" "$@"; }
t new-session -d -s start -x 120 -y 30 -c "$PWD" "npm start; echo \"npm start exited \$?\"; sleep 30"
trap 't kill-server 2>/dev/null || true' EXIT

screen() { t capture-pane -p -t start; }
port=''
for _ in $(seq 1 480); do
	port=$(screen | sed -n 's/.*nc localhost \([0-9][0-9]*\) .*/\1/p' | head -n 1)
	[ -n "$port" ] && break
	sleep 0.25
done
if [ -z "$port" ]; then
	screen
	echo 'smoke: npm start never showed the join hints' >&2
	exit 1
fi
node scripts/smoke-user.mjs "$port"
t send-keys -t start C-c
for _ in $(seq 1 80); do
	screen | grep -q 'npm start exited' && break
	sleep 0.25
done
if ! screen | grep -q 'npm start exited 0'; then
	screen
	echo 'smoke: npm start did not exit 0 after Ctrl-C' >&2
	exit 1
fi
echo "smoke: npm start ran the demo on port $port, served a raw TCP user, and exited 0 on Ctrl-C"
