/** An in-flight invocation's deadline, linked in start order. */
export interface Deadline {
  readonly at: number;
  readonly onTimeout: () => void;
}

interface Link extends Deadline {
  previous: Link | undefined;
  next: Link | undefined;
  pending: boolean;
}

/**
 * The integration timeouts of the invocations in flight, on one timer: they all have the same
 * limit, so their deadlines come in the order they started (a list, oldest first, with O(1)
 * removal and no allocation besides the deadline itself) and the timer only waits for the oldest.
 * A `setTimeout` and `clearTimeout` per request cost more than the rest of the request's
 * routing. The timer is unreferenced: it never holds the process open (the server and its
 * connections do, while requests are in flight).
 */
export class Deadlines {
  #oldest: Link | undefined;
  #newest: Link | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the clock of one invocation: `onTimeout` runs at its deadline unless it settled first. */
  start(onTimeout: () => void): Deadline {
    const link: Link = {
      at: this.now() + this.limitMs,
      onTimeout,
      previous: this.#newest,
      next: undefined,
      pending: true,
    };
    if (this.#newest === undefined) this.#oldest = link;
    else this.#newest.next = link;
    this.#newest = link;
    if (this.#timer === undefined) this.#arm(this.limitMs);
    return link;
  }

  /** True when the invocation settled in time (its clock stops); false when it had timed out. */
  settle(deadline: Deadline): boolean {
    const link = deadline as Link;
    if (!link.pending) return false;
    this.#remove(link);
    return true;
  }

  #remove(link: Link): void {
    link.pending = false;
    if (link.previous === undefined) this.#oldest = link.next;
    else link.previous.next = link.next;
    if (link.next === undefined) this.#newest = link.previous;
    else link.next.previous = link.previous;
    link.previous = undefined;
    link.next = undefined;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#expire(), delayMs);
    this.#timer.unref();
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.now();
    for (let link = this.#oldest; link !== undefined; link = this.#oldest) {
      if (link.at > now) {
        this.#arm(link.at - now);
        return;
      }
      this.#remove(link);
      link.onTimeout();
    }
  }
}
