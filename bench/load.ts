/** Drives load at one endpoint with autocannon and summarises the result. */
import autocannon, { type Result } from 'autocannon';

/** One endpoint with everything a request to it needs. */
export interface Target {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The status every response must have. */
  readonly expectedStatus: number;
}

/** How hard and how long to drive; durations in seconds. */
export interface LoadSettings {
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

/** The figures of one measured run (the warm-up excluded). */
export interface Measurement {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts and non-2xx responses of the measured run: their sum and parts. */
  readonly failures: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Failures of the warm-up, reported separately. */
  readonly warmupFailures: number;
  /** Responses by status code, to explain failures. */
  readonly statusCodes: Readonly<Record<string, number>>;
}

const REQUEST_TIMEOUT_SECONDS = 10;
const PROBE_TIMEOUT_MS = 10_000;

/** autocannon counts a timed-out request as an error too. */
function failures(result: Result): number {
  return result.errors + result.non2xx;
}

function statusCodes(result: Result): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
}

/** Sends one request and throws unless it gets the expected status: a load of errors proves nothing. */
export async function probe(target: Target): Promise<void> {
  const response = await fetch(target.url, {
    method: target.method,
    headers: { ...target.headers },
    ...(target.body === undefined ? {} : { body: target.body }),
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== target.expectedStatus) {
    throw new Error(
      `${target.method} ${target.url}: expected ${target.expectedStatus}, got ${response.status}: ${text.slice(0, 300)}`,
    );
  }
}

/** Warms up, then measures `target` for `settings.seconds` seconds. */
export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: { ...target.headers },
    ...(target.body === undefined ? {} : { body: target.body }),
    connections: settings.connections,
    duration: settings.seconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    ...(settings.warmupSeconds > 0
      ? { warmup: { connections: settings.connections, duration: settings.warmupSeconds } }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: failures(result),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    warmupFailures: result.warmup ? failures(result.warmup) : 0,
    statusCodes: statusCodes(result),
  };
}
