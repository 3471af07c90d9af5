// What a user is told after asking for a change of the shared state: nothing more than the
// change itself once it is in the chat's one order, `*** That was not delivered: ...` if it could
// not reach the rest of the chat. Shared by the commands and the operators' commands.

import * as wire from '../protocol/wire.js';
import type {Published} from './bus.js';
import type {Session} from './session.js';

/**
 * Runs `then` once what the user did is in the chat's one order (at once with one server); the
 * user is told if it could not reach the rest of the chat, or `refused` runs if the shared state
 * refused it. A promise means the user's next line waits for it (see Connection).
 */
export function whenSent(
	user: Session,
	sent: Published,
	then?: () => void,
	refused?: () => void,
): void | Promise<void> {
	if (sent === true) {
		then?.();
		return;
	}
	if (sent === false) {
		user.send(wire.notices.notDelivered);
		return;
	}
	return sent.then((status) => {
		if (status === 'applied') then?.();
		else if (status === 'refused') refused?.();
		else user.send(wire.notices.notDelivered);
	});
}
