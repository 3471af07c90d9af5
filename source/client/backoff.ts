// Reconnect delays: 1 s, doubling each failed attempt, capped at 30 s; reset on success.
// Pure arithmetic so the schedule is tested without waiting.

export const RECONNECT_INITIAL_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

/** Delay before reconnect attempt number `attempt` (1-based). */
export function reconnectDelay(
	attempt: number,
	initialMs = RECONNECT_INITIAL_MS,
	maxMs = RECONNECT_MAX_MS,
): number {
	return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}
