/**
 * A wake-up signal: `wait()` resolves at the next `fire()`. A fire with nobody waiting is remembered, so a
 * loop that checks for work and then waits cannot miss a fire that landed between the two.
 */
export class Signal {
  #waiters: (() => void)[] = [];
  #pending = false;

  /** Resolves at the next fire, or after `timeoutMs` when given (then the waiter is dropped, not leaked). */
  wait(timeoutMs?: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      if (timeoutMs === undefined) {
        this.#waiters.push(resolve);
        return;
      }
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  fire(): void {
    if (this.#waiters.length === 0) {
      this.#pending = true;
      return;
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
