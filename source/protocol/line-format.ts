// One definition per wire line: a template such as `--> {name} entered.` gives both the writer
// (fields to text) and the parser (text to fields), so the two can never drift apart. The kind of
// each field follows from its name (a user name, a room, a count, free text), and a field's
// pattern is as strict as the server's own rules, so a user's text cannot pass for a server line.

import {NAME_PATTERN} from './names.js';

const NAME = NAME_PATTERN;

/** What each field name may hold on the wire. */
const FIELD_PATTERNS = {
	name: NAME,
	from: NAME,
	old: NAME,
	new: NAME,
	op: NAME,
	room: `#${NAME}`,
	count: '\\d+',
	/** Free text to the end of the line (may be empty). */
	text: '.*',
	/** Free text that does not end the line: lists of names, a reason before more fixed text. */
	list: '.*?',
	/** Any number, as `0.3` or `60`. */
	number: '\\d+(?:\\.\\d+)?',
} as const;

export type FieldKind = keyof typeof FIELD_PATTERNS;

/** The field names of a template: `'--> {name} entered.'` gives `'name'`. */
export type FieldsOf<T extends string> = T extends `${string}{${infer Field}}${infer Rest}`
	? Field | FieldsOf<Rest>
	: never;

export type LineFields<T extends string> = {[K in FieldsOf<T>]: string};

export interface LineFormat<T extends string> {
	readonly template: T;
	/** The line, without its LF. */
	format(fields: {[K in FieldsOf<T>]: string | number}): string;
	/** The fields of a line of this format, or undefined if it is not one. */
	parse(line: string): LineFields<T> | undefined;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** A line format from its template; every `{field}` must be one of the known field kinds. */
export function lineFormat<const T extends string>(template: T): LineFormat<T> {
	const names: string[] = [];
	let source = '^';
	let last = 0;
	for (const match of template.matchAll(PLACEHOLDER)) {
		const field = match[1] as string;
		const pattern = FIELD_PATTERNS[field as FieldKind];
		if (pattern === undefined) throw new Error(`unknown field {${field}} in "${template}"`);
		source += `${escapeRegExp(template.slice(last, match.index))}(${pattern})`;
		names.push(field);
		last = (match.index as number) + match[0].length;
	}
	source += `${escapeRegExp(template.slice(last))}$`;
	const regex = new RegExp(source, 'su');
	return {
		template,
		format: (fields) =>
			template.replace(PLACEHOLDER, (_, field: string) =>
				String((fields as Record<string, string | number>)[field]),
			),
		parse(line) {
			const match = regex.exec(line);
			if (!match) return undefined;
			const fields: Record<string, string> = {};
			names.forEach((name, index) => {
				fields[name] = match[index + 1] as string;
			});
			return fields as LineFields<T>;
		},
	};
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
