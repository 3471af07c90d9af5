// Graceful exit on SIGINT and SIGTERM: run the shutdown, then exit 0, never taking longer than
// the deadline even if a peer never reads. A second signal exits at once.

const EXIT_DEADLINE_MS = 4500;

export function exitOnSignals(shutdown: () => Promise<void>): void {
	let stopping = false;
	const onSignal = () => {
		if (stopping) process.exit(0);
		stopping = true;
		setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
		shutdown().then(
			() => process.exit(0),
			() => process.exit(0),
		);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
}
