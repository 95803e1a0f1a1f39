/**
 * Polls while an attempt or a PENDING session waits for an outcome (components-protocol.md §2.5).
 * Lunas is the merchant's own server, so this SDK polls sooner than the official one (1 s,
 * growing by 20 % to 10 s) to show results quickly; `now()` restarts from an immediate poll
 * (after an action finishes, "I have paid", or `pollImmediately()`). Errors are swallowed: the
 * next attempt follows the schedule.
 */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;

export class Poller {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #running = false;
  #inFlight = false;
  #again = false;

  constructor(private readonly tick: () => Promise<void>) {}

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.now();
  }

  /** Polls at once (or right after the poll in flight) and restarts the schedule. */
  now(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#attempt = 0;
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    void this.#run();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  async #run(): Promise<void> {
    this.#inFlight = true;
    try {
      await this.tick();
    } catch {
      // the next scheduled poll retries
    } finally {
      this.#inFlight = false;
    }
    if (!this.#running) return;
    if (this.#again) {
      this.#again = false;
      void this.#run();
      return;
    }
    const delay = Math.min(FIRST_DELAY_MS * 1.2 ** this.#attempt++, MAX_DELAY_MS);
    this.#timer = setTimeout(() => void this.#run(), delay);
  }
}
