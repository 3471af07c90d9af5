// Turns a socket error into the few words a person needs: "connection refused", "unknown host".

export function describeSocketError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ECONNREFUSED':
			return 'connection refused';
		case 'ENOTFOUND':
		case 'EAI_NONAME':
		case 'EAI_AGAIN':
			return 'unknown host';
		case 'ETIMEDOUT':
			return 'timed out';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'host unreachable';
		case 'ECONNRESET':
			return 'connection reset by the server';
		case 'EPIPE':
			return 'connection closed by the server';
		default:
			return error instanceof Error ? error.message : String(error);
	}
}
