/**
 * The part of autocannon's programmatic API the benchmark uses (autocannon ships no types).
 * See https://github.com/mcollina/autocannon#api.
 */
declare module 'autocannon' {
  /** Options for one run; durations are in seconds. */
  export interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    /** Per-request timeout in seconds. */
    timeout?: number;
    /** A run of the same requests first, reported separately as `warmup`. */
    warmup?: { connections?: number; duration?: number };
  }

  /** A histogram summary: mean and percentiles, as autocannon reports them. */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  export interface Result {
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds. */
    latency: Histogram;
    /** Requests per one-second sample. */
    requests: Histogram & { sent: number };
    warmup?: Result;
  }

  /** A running load; awaiting it gives the result. */
  export type Instance = PromiseLike<Result>;

  function autocannon(options: Options): Instance;
  export default autocannon;
}
