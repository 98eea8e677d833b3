/** The benchmark sends traffic to this machine only. */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Throws unless `url` points at the loopback interface. */
export function assertLoopback(url: string, what: string): void {
  const { hostname } = new URL(url);
  if (!LOOPBACK.has(hostname)) {
    throw new Error(
      `${what} must be on 127.0.0.1 (the benchmark stays on this machine): ${hostname}`,
    );
  }
}
