/** One result line of `pnpm bench`, as issue 7 specifies it. */
export interface MetricLine {
  metric: string;
  value: number;
  reference: number;
  ratio: number;
  target: number;
  ok: boolean;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * A metric against its same-run reference: `ok` when `value / reference` is within `target`
 * and every extra condition (an absolute cap) holds.
 */
export function metricLine(
  metric: string,
  value: number,
  reference: number,
  target: number,
  alsoRequired = true,
): MetricLine {
  const ratio = value / reference;
  const digits = Number.isInteger(value) ? 0 : 2;
  return {
    metric,
    value: round(value, digits),
    reference: round(reference, Number.isInteger(reference) ? 0 : 2),
    ratio: round(ratio, 3),
    target,
    ok: ratio <= target && alsoRequired,
  };
}

/** Progress for people, on stderr: stdout carries only the result lines and the summary. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
