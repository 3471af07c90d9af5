// Colour for the client's components, honouring NO_COLOR (https://no-color.org): with it set,
// no colours are used, but bold, dim and inverse (the input cursor) stay. Ink's chalk already
// follows what the terminal can do (no styles at all on a dumb terminal).

type InkColor = string | undefined;

const enabled = !process.env.NO_COLOR;

/** The colour to pass to Ink's `color` prop: the colour itself, or none under NO_COLOR. */
export const paint = (color: string): InkColor => (enabled ? color : undefined);
