/**
 * A wake-up signal: `wait()` resolves at the next `fire()`. A fire with nobody waiting is remembered, so a
 * loop that checks for work and then waits cannot miss a fire that landed between the two.
 */
export class Signal {
  #waiters: (() => void)[] = [];
  #pending = false;

  wait(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
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
