/**
 * Destroying versions on time: one timer armed for the earliest pending destruction, plus a sweep
 * at start and at the start of every API call (so a restart after a version's destroyAt never
 * shows it). A sweep with nothing due costs one indexed COUNT.
 */
import type { Store } from "./store/store";

/** The destruction sweeper of one store. */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: Pick<Store, "sweep" | "nextDestroyAt">,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Destroys the versions due at `now`. */
  sweep(now = this.now()): void {
    this.store.sweep(now);
  }

  /** (Re-)arms the timer for the earliest pending destruction. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.store.nextDestroyAt();
    if (next === null) return;
    const wait = Math.min(Math.max(next - this.now(), 0) + 5, 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      try {
        this.store.sweep(this.now());
      } catch (err) {
        this.onError(err);
      }
      this.schedule();
    }, wait);
    this.timer.unref();
  }

  /** Stops the timer for good. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
