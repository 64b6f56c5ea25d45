import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does with one chunk a client (the server's DynamoDB client) sends. */
export type Fault =
  /** Forward it. */
  | 'pass'
  /** Reset the connection before the request reaches the database: a clean failure. */
  | 'reset-before'
  /** Forward it, then reset instead of returning the answer: the write happened, the reply is lost. */
  | 'reset-after'
  /** Swallow it and never answer: the client waits until its own timeout. */
  | 'drop'
  /** Forward it after a delay. */
  | 'delay';

export interface FaultRates {
  resetBefore: number;
  resetAfter: number;
  drop: number;
  delay: number;
}

export interface FaultProxyOptions {
  targetPort: number;
  seed: number;
  /** Probabilities per chunk under `randomFaults`; the rest pass. The proxy starts healthy. */
  rates?: Partial<FaultRates>;
  /** Range of a `delay` fault, in ms. Default 20–400. */
  delayMs?: readonly [number, number];
}

export interface FaultStats {
  connections: number;
  chunks: number;
  resetBefore: number;
  resetAfter: number;
  drop: number;
  delay: number;
}

/** Decides the fault for one chunk from its text (the HTTP request, headers and body). */
export type FaultRule = (chunk: string) => Fault;

/**
 * A TCP proxy on 127.0.0.1 between the local server and dynalite that resets, drops and delays
 * what passes through, chunk by chunk (with keep-alive, a chunk is one DynamoDB request). The
 * faults come from a seeded PRNG, so a seed replays the same decisions in the same order (the
 * interleaving of concurrent requests still varies).
 */
export class FaultProxy {
  readonly stats: FaultStats = {
    connections: 0,
    chunks: 0,
    resetBefore: 0,
    resetAfter: 0,
    drop: 0,
    delay: 0,
  };
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #random: () => number;
  readonly #rates: FaultRates;
  readonly #delayMs: readonly [number, number];
  readonly #targetPort: number;
  #rule: FaultRule;
  #port = 0;

  constructor({ targetPort, seed, rates = {}, delayMs = [20, 400] }: FaultProxyOptions) {
    this.#targetPort = targetPort;
    this.#random = mulberry32(seed);
    this.#rates = { resetBefore: 0, resetAfter: 0, drop: 0, delay: 0, ...rates };
    this.#delayMs = delayMs;
    this.#rule = () => 'pass';
    this.#server = createServer((client) => this.#accept(client));
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The seeded faults at the configured rates (the default rule). */
  readonly randomFaults: FaultRule = () => {
    const roll = this.#random();
    const { resetBefore, resetAfter, drop, delay } = this.#rates;
    if (roll < resetBefore) return 'reset-before';
    if (roll < resetBefore + resetAfter) return 'reset-after';
    if (roll < resetBefore + resetAfter + drop) return 'drop';
    if (roll < resetBefore + resetAfter + drop + delay) return 'delay';
    return 'pass';
  };

  /** Replaces the rule, e.g. `() => 'pass'` (healthy) or `() => 'reset-before'` (database down). */
  setRule(rule: FaultRule): void {
    this.#rule = rule;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        this.#server.off('error', reject);
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  #accept(client: Socket): void {
    this.stats.connections++;
    this.#track(client);
    const upstream = createConnection({ host: '127.0.0.1', port: this.#targetPort });
    this.#track(upstream);
    let swallowing = false;
    let replyLost = false;
    // Chunks leave in the order they came, delayed ones included.
    let queue = Promise.resolve();

    const reset = () => {
      if (!client.destroyed) client.resetAndDestroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => {
      if (replyLost) reset();
      else if (!swallowing && !client.destroyed) client.write(chunk);
    });
    upstream.on('close', () => {
      if (!swallowing) client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      if (swallowing || replyLost) {
        if (replyLost) queue = queue.then(() => void upstream.write(chunk));
        return;
      }
      this.stats.chunks++;
      const fault = this.#rule(chunk.toString('latin1'));
      switch (fault) {
        case 'reset-before':
          this.stats.resetBefore++;
          reset();
          return;
        case 'drop':
          this.stats.drop++;
          swallowing = true;
          upstream.destroy();
          return;
        case 'reset-after':
          this.stats.resetAfter++;
          replyLost = true;
          queue = queue.then(() => void upstream.write(chunk));
          return;
        case 'delay': {
          this.stats.delay++;
          const [min, max] = this.#delayMs;
          const ms = min + Math.floor(this.#random() * (max - min));
          queue = queue.then(() =>
            new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => void upstream.write(chunk)),
          );
          return;
        }
        case 'pass':
          queue = queue.then(() => void upstream.write(chunk));
          return;
      }
    });
  }
}

/** A small seeded PRNG: the same seed, the same sequence. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
