// Honours NO_COLOR (https://no-color.org) for Ink's colours: chalk reads FORCE_COLOR when it is
// first imported, so this module is imported before anything that loads Ink.

if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined) {
	process.env.FORCE_COLOR = '0';
}
