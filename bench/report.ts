// Formats benchmark results as a Markdown table: natter, the baseline, their ratio, and the
// target each measure must meet. Pure.

export interface Row {
	scenario: string;
	measure: string;
	natter: number;
	baseline: number | undefined;
	/** How natter compares: `higher` is better or `lower` is better; the ratio is oriented so >1 means natter wins. */
	better: 'higher' | 'lower' | 'none';
	target: string;
	/** Whether natter met the target, when it has one. */
	met?: boolean;
}

export function formatNumber(value: number | undefined): string {
	if (value === undefined || Number.isNaN(value)) return '–';
	if (value === Number.POSITIVE_INFINITY) return 'did not finish';
	if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
	if (Math.abs(value) >= 10) return value.toFixed(1);
	return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** natter's advantage as a factor: natter ÷ baseline for higher-is-better, the inverse otherwise. */
export function advantage(row: Row): number | undefined {
	if (row.baseline === undefined || row.better === 'none') return undefined;
	const [a, b] = row.better === 'higher' ? [row.natter, row.baseline] : [row.baseline, row.natter];
	if (!Number.isFinite(a) && Number.isFinite(b)) return Number.POSITIVE_INFINITY;
	if (b === 0) return a === 0 ? 1 : Number.POSITIVE_INFINITY;
	return a / b;
}

export function formatAdvantage(row: Row): string {
	const factor = advantage(row);
	if (factor === undefined) return '';
	if (factor === Number.POSITIVE_INFINITY) return '∞';
	return `${factor >= 10 ? Math.round(factor) : factor.toFixed(2)}×`;
}

export function markdownTable(rows: readonly Row[]): string {
	const lines = [
		'| scenario | measure | natter | baseline | natter advantage | target | met |',
		'| --- | --- | ---: | ---: | ---: | --- | :-: |',
	];
	for (const row of rows) {
		const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
		lines.push(
			`| ${row.scenario} | ${row.measure} | ${formatNumber(row.natter)} | ${formatNumber(row.baseline)} | ${formatAdvantage(row)} | ${row.target} | ${met} |`,
		);
	}
	return lines.join('\n');
}
