// TCP timings shared by both ends of a chat connection, the server's and the client's, so each is
// written down once: how soon keepalive probes look for a peer that vanished, and how long an
// ended socket may wait for the peer to close its side before it is destroyed.

/** TCP keepalive probes start after this much silence, to find peers that vanished. */
export const KEEPALIVE_MS = 30_000;

/**
 * How long a socket that has been ended may linger for the peer to close its side: the server
 * after its last line, the client after saying `quit` (it then waits for `Bye!` and the close).
 */
export const LINGER_MS = 5000;
