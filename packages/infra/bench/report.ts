/**
 * The result lines of `pnpm bench` and the rule that decides them.
 *
 * A timed figure is a set of rounds, each measuring the candidate and its reference next to each
 * other (interleaved, so both see the same machine). Its ratio is the median of the per-round
 * ratios, and its noise band is a distribution-free 95 % confidence interval of that median
 * (order statistics of the per-round ratios). A figure counts only outside its band: `met` when
 * the whole band is within the target, `missed` when the whole band is above it, `noise`
 * otherwise — a verdict that a rerun could flip is not a verdict. Deterministic figures (bytes,
 * call counts) have a band of width zero.
 */

/** `met`/`missed`: decided; `noise`: the band straddles the target; `info`: printed, not judged. */
export type Verdict = 'met' | 'missed' | 'noise' | 'info';

/** One result line of `pnpm bench`. */
export interface MetricLine {
  metric: string;
  /** Median of the candidate's samples (the value itself when deterministic). */
  value: number;
  /** Median of the reference's samples, measured in the same rounds. */
  reference: number;
  /** Median of the per-round ratios (value / reference when deterministic). */
  ratio: number;
  /** The ratio must not exceed this. */
  target: number;
  /** The noise band of `ratio`: [low, high]. */
  band: [number, number];
  verdict: Verdict;
  /** `verdict === 'met'` (or `info`): kept for scripts reading the first version of these lines. */
  ok: boolean;
  /** Rounds measured (1 when deterministic). */
  rounds: number;
  /** Interquartile ranges of the candidate's and the reference's samples, when timed. */
  spread?: { value: [number, number]; reference: [number, number] };
  /** Unit and what the figure is, for people reading the table. */
  unit?: string;
  note?: string;
}

/** One round of a timed figure: the candidate's and the reference's sample, taken side by side. */
export interface Pair {
  value: number;
  reference: number;
}

const round = (value: number, digits = 3) => Number(value.toPrecision(Math.max(digits, 1) + 2));
const tidy = (value: number) => (Number.isInteger(value) ? value : round(value));

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The `p`-quantile (0…1) by linear interpolation between order statistics. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/**
 * The ranks (1-based) of the order statistics that bound a 95 % confidence interval for the
 * median of `n` samples: the largest `k` with P(Binomial(n, ½) < k) ≤ 2.5 %, and `n + 1 − k`.
 * Needs no assumption about the distribution (timings are skewed), only independent rounds.
 */
export function medianConfidenceRanks(n: number): [number, number] {
  if (n < 6) return [1, n]; // too few rounds for 95 %: the band is the whole range
  let cumulative = 0;
  let k = 0;
  // P(X = i) for X ~ Binomial(n, 1/2), summed until it would pass 2.5 %.
  let probability = 0.5 ** n;
  for (let i = 0; i <= n; i++) {
    if (cumulative + probability > 0.025) break;
    cumulative += probability;
    k = i + 1;
    probability = (probability * (n - i)) / (i + 1);
  }
  const lowRank = Math.max(k, 1);
  return [lowRank, n + 1 - lowRank];
}

/** The noise band of the median of `values`: its 95 % order-statistic confidence interval. */
export function noiseBand(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const [low, high] = medianConfidenceRanks(sorted.length);
  return [sorted[low - 1]!, sorted[high - 1]!];
}

export function verdictOf(band: readonly [number, number], target: number): Exclude<Verdict, 'info'> {
  if (band[1] <= target) return 'met';
  if (band[0] > target) return 'missed';
  return 'noise';
}

/**
 * A deterministic figure against its reference: `met` when `value / reference` is within
 * `target` and every extra condition (an absolute cap) holds.
 */
export function metricLine(
  metric: string,
  value: number,
  reference: number,
  target: number,
  alsoRequired = true,
): MetricLine {
  const ratio = round(value / reference);
  const verdict = ratio <= target && alsoRequired ? 'met' : 'missed';
  return {
    metric,
    value: tidy(value),
    reference: tidy(reference),
    ratio,
    target,
    band: [ratio, ratio],
    verdict,
    ok: verdict === 'met',
    rounds: 1,
  };
}

/** A timed figure from its interleaved rounds (see the file's comment for the rule). */
export function pairedLine(
  metric: string,
  pairs: readonly Pair[],
  target: number,
  extra: Pick<MetricLine, 'unit' | 'note'> = {},
): MetricLine {
  const ratios = pairs.map(({ value, reference }) => value / reference);
  const values = pairs.map(({ value }) => value);
  const references = pairs.map(({ reference }) => reference);
  const [low, high] = noiseBand(ratios);
  const band: [number, number] = [round(low), round(high)];
  const verdict = verdictOf(band, target);
  return {
    metric,
    value: tidy(median(values)),
    reference: tidy(median(references)),
    ratio: round(median(ratios)),
    target,
    band,
    verdict,
    ok: verdict === 'met',
    rounds: pairs.length,
    spread: {
      value: [tidy(quantile(values, 0.25)), tidy(quantile(values, 0.75))],
      reference: [tidy(quantile(references, 0.25)), tidy(quantile(references, 0.75))],
    },
    ...extra,
  };
}

/** A figure printed for comparison only (e.g. the previous method's, kept for one release). */
export function infoLine(line: MetricLine, note: string): MetricLine {
  return { ...line, metric: `legacy:${line.metric}`, verdict: 'info', ok: true, note };
}

export interface SettleOptions<K extends string> {
  /** What the rounds measure, for the progress lines. */
  label: string;
  /** The target of each figure a round measures. */
  targets: Readonly<Record<K, number>>;
  /** Rounds always measured (at least 6 for a 95 % band narrower than the whole range). */
  minRounds: number;
  /** Rounds at most: more are measured while some figure's band still straddles its target. */
  maxRounds: number;
  /** One round: every figure's candidate and reference sample, taken side by side. */
  round: (index: number) => Promise<Readonly<Record<K, Pair>>>;
}

/**
 * Measures rounds until every figure is decided (outside its noise band) or `maxRounds` is
 * reached; returns each figure's pairs. More rounds narrow a band only when there is a real
 * difference to find, so a figure sitting on its target stays `noise`, as it should.
 */
export async function settle<K extends string>(options: SettleOptions<K>): Promise<Record<K, Pair[]>> {
  const names = Object.keys(options.targets) as K[];
  const pairs = Object.fromEntries(names.map((name) => [name, [] as Pair[]])) as Record<K, Pair[]>;
  const undecided = () =>
    names.filter(
      (name) =>
        verdictOf(noiseBand(pairs[name].map((p) => p.value / p.reference)), options.targets[name]) ===
        'noise',
    );
  for (let index = 0; index < options.maxRounds; index++) {
    const measured = await options.round(index);
    for (const name of names) pairs[name].push(measured[name]);
    const done = index + 1;
    if (done >= options.minRounds) {
      const open = undecided();
      if (open.length === 0) break;
      if (done === options.minRounds || done % 5 === 0)
        progress(`${options.label}: ${done} rounds, still within noise: ${open.join(', ')}`);
    } else if (done % 5 === 0) progress(`${options.label}: ${done}/${options.minRounds} rounds`);
  }
  return pairs;
}

/** Progress for people, on stderr: stdout carries only the result lines and the summary. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The results as a table for people (stderr): figure, ratio with its band, target, verdict. */
export function table(lines: readonly MetricLine[]): string {
  const rows = lines.map((line) => [
    line.metric,
    String(line.value),
    String(line.reference),
    line.band[0] === line.band[1] ? `${line.ratio}` : `${line.ratio} [${line.band[0]}–${line.band[1]}]`,
    `≤ ${line.target}`,
    line.verdict,
  ]);
  const header = ['figure', 'value', 'reference', 'ratio [band]', 'target', 'verdict'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}
