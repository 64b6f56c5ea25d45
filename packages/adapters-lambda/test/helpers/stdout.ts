import { vi } from 'vitest';

/**
 * Captures what Powertools writes: Logger and Metrics use their own Console on process.stdout
 * (and stderr for warnings and errors), so spying on console.log would miss it.
 */
export function captureStdout() {
  const lines: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation(record),
  ];
  return {
    lines,
    json: () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** The EMF documents among the captured lines, each reduced to `{ metricName: value }` plus its service. */
export function emfMetrics(documents: Record<string, unknown>[]) {
  return documents
    .filter((document) => typeof document._aws === 'object')
    .map((document) => {
      const aws = document._aws as {
        CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[];
      };
      const [directive] = aws.CloudWatchMetrics;
      const values = Object.fromEntries(directive!.Metrics.map(({ Name }) => [Name, document[Name]]));
      return { namespace: directive!.Namespace, service: document.service, ...values };
    });
}
