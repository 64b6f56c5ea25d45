import type { CliCommand } from './options.js';

/** How long a line may wait for others to share its write: far below what a person notices. */
export const GATHER_MS = 10;
/** What may wait at most: a burst of requests is written as soon as it reaches this. */
const GATHER_CHARS = 64 * 1024;

/**
 * Text for a stream, gathered for `GATHER_MS` and written in one piece. A line written to
 * stdout as it came was a synchronous system call (and a wake-up of the terminal or of the
 * pipe's reader) per request, a tenth of a request's cost; gathered, it is one per burst.
 * One buffer, so the text keeps its order; `flush()` writes what waits at once. The timer does
 * not keep the process alive: whoever ends it flushes first (`gatherServerOutput`).
 */
export class GatheredOutput {
  #pending = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly destination: (text: string) => void,
    private readonly gatherMs = GATHER_MS,
  ) {}

  write(text: string): void {
    this.#pending += text;
    if (this.#pending.length >= GATHER_CHARS) this.flush();
    else this.#timer ??= setTimeout(this.flush, this.gatherMs).unref();
  }

  /** Writes what waits, now. */
  readonly flush = (): void => {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.destination(text);
  };
}

export interface ServerOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The server process's stdout, gathered (`GatheredOutput`) when the CLI is its only writer: by
 * default the handlers log warnings and errors only, which Powertools writes to stderr. With
 * `--verbose` or `--metrics` they write JSON lines to stdout themselves, so each of the CLI's
 * lines goes out as it comes, in order with theirs. Whatever leaves the process lets the waiting
 * lines out first: at exit (`process.exit`, the end of the event loop, an uncaught exception —
 * before Node prints it) and before anything is written to stderr (the CLI's messages, the
 * handlers' warnings), so a terminal showing both streams shows them in order.
 */
export function gatherServerOutput(command: CliCommand): ServerOutput {
  const handlersWriteStdout = command.kind === 'start' && (command.flags.verbose || command.flags.metrics);
  const writeStdout = (text: string) => {
    process.stdout.write(text);
  };
  if (handlersWriteStdout) return { stdout: writeStdout, stderr: (text) => process.stderr.write(text) };
  const stdout = new GatheredOutput(writeStdout);
  process.on('exit', stdout.flush);
  process.on('uncaughtExceptionMonitor', stdout.flush);
  const writeStderr = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((...args: Parameters<typeof writeStderr>) => {
    stdout.flush();
    return writeStderr(...args);
  }) as typeof process.stderr.write;
  return { stdout: (text) => stdout.write(text), stderr: (text) => process.stderr.write(text) };
}
