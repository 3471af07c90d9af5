// Turns a socket or TLS error into the few words a person needs: "connection refused", "unknown
// host", "the server's certificate is self-signed".

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
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'SELF_SIGNED_CERT_IN_CHAIN':
			return "the server's certificate is self-signed (trust it with --ca FILE, or skip checks with --insecure)";
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
			return "the server's certificate is not signed by a trusted authority (trust its CA with --ca FILE)";
		case 'CERT_HAS_EXPIRED':
			return "the server's certificate has expired";
		case 'ERR_TLS_CERT_ALTNAME_INVALID':
			return "the server's certificate is for another host name";
		case 'ERR_SSL_WRONG_VERSION_NUMBER':
		case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
			return 'the server does not speak TLS on this port';
		default:
			return error instanceof Error ? error.message : String(error);
	}
}
