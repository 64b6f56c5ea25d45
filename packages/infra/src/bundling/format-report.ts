import type { BundleReport, SizeEntry } from './bundle-lambdas.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = (entry: SizeEntry) =>
  `${kb(entry.minifiedBytes).padStart(9)} ${kb(entry.gzipBytes).padStart(9)}`;

/** The size report as a table: own bundle, with layer, and whether it is within budget. */
export function formatReport(report: BundleReport): string {
  const lines = [
    `${'bundle'.padEnd(12)} ${'own min'.padStart(9)} ${'own gzip'.padStart(9)}   ${'+layer min'.padStart(9)} ${'+layer gz'.padStart(9)}`,
    ...report.functions.map(
      (fn) =>
        `${fn.name.padEnd(12)} ${sizes(fn.own)}   ${sizes(fn.total)}${report.overBudget.includes(fn.name) ? '  OVER BUDGET' : ''}`,
    ),
    `${'layer'.padEnd(12)} ${sizes(report.layer)}   (${report.layer.packages.join(', ')})`,
    `budget per function incl. layer: ${kb(report.budget.minifiedBytes)} minified, ${kb(report.budget.gzipBytes)} gzip`,
  ];
  return lines.join('\n');
}
