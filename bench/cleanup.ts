/**
 * Clean-up actions (stop a server, drop a database, remove a directory) that must run whatever
 * happens: at the end of a scope, on failure, on Ctrl-C, or when the time limit is reached.
 */

interface Action {
  readonly label: string;
  readonly run: () => Promise<void>;
}

/** A stack of clean-up actions, run last-registered first, each at most once. */
export class Cleanup {
  readonly #actions: Action[] = [];

  /** Registers `run` to be called when the enclosing scope (or the whole run) ends. */
  defer(label: string, run: () => Promise<void>): void {
    this.#actions.push({ label, run });
  }

  /** Runs `body`, then the actions it registered, even if it throws. */
  async scope<T>(body: () => Promise<T>): Promise<T> {
    const depth = this.#actions.length;
    try {
      return await body();
    } finally {
      await this.#unwindTo(depth);
    }
  }

  /** Runs every pending action. A failing action is reported and does not stop the others. */
  async runAll(): Promise<void> {
    await this.#unwindTo(0);
  }

  async #unwindTo(depth: number): Promise<void> {
    while (this.#actions.length > depth) {
      const action = this.#actions.pop();
      if (!action) break;
      try {
        await action.run();
      } catch (error) {
        console.error(`[bench] clean-up "${action.label}" failed: ${String(error)}`);
      }
    }
  }
}

/**
 * Runs every clean-up action and exits on Ctrl-C, on SIGTERM, and when the time limit passes.
 * `log` reports why (progress goes to stderr).
 */
export function installStopHandlers(
  cleanup: Cleanup,
  limitSeconds: number,
  log: (message: string) => void,
): void {
  const abort = (why: string, code: number): void => {
    log(`${why}: cleaning up`);
    void cleanup.runAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  setTimeout(
    () => abort(`time limit of ${limitSeconds} s reached`, 1),
    limitSeconds * 1000,
  ).unref();
}
