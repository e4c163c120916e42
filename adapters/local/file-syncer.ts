import { type FileHandle, open } from "node:fs/promises";

/**
 * Makes what was written to one file durable (fdatasync), off this thread, on a handle kept open while syncs
 * keep coming (opening and closing it per sync were two more trips through libuv's pool, queued behind the
 * slow syncs under a rush), closed after a second without one.
 */
export class FileSyncer {
  readonly #path: string;
  #handle: Promise<FileHandle> | null = null;
  #inFlight = 0;
  #idle: NodeJS.Timeout | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  async sync(): Promise<void> {
    this.#inFlight += 1;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = null;
    if (!this.#handle) this.#handle = open(this.#path, "r");
    const handle = this.#handle;
    try {
      await (await handle).datasync();
    } catch (error) {
      this.#handle = null; // opened again by the next sync
      handle.then((h) => h.close()).catch(() => {});
      throw error;
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0 && this.#handle) {
        const kept = this.#handle;
        this.#idle = setTimeout(() => {
          if (this.#handle !== kept || this.#inFlight > 0) return;
          this.#handle = null;
          kept.then((h) => h.close()).catch(() => {});
        }, 1_000);
        this.#idle.unref();
      }
    }
  }
}
