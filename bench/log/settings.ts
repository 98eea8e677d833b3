/**
 * The log benchmark's knobs, read from the environment once. Defaults give the full run (about
 * 8 minutes on 2 cores); BENCH_QUICK=1 shrinks everything for a check that takes about 2 minutes.
 */

export type Phase = 'e2e' | 'sequencer' | 'proofs' | 'audit';
const ALL_PHASES: readonly Phase[] = ['e2e', 'sequencer', 'proofs', 'audit'];

export interface LogBenchSettings {
  readonly quick: boolean;
  readonly phases: ReadonlySet<Phase>;
  /** End-to-end load: autocannon connections, warm-up and measured seconds. */
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Synthetic entries integrated by the in-process sequencer on PGlite. */
  readonly pgliteEntries: number;
  /** Synthetic entries integrated on PostgreSQL: this tree is then proved from and audited. */
  readonly postgresEntries: number;
  /** Tree sizes for proof latency; a size equal to postgresEntries uses the real tree. */
  readonly proofSizes: readonly number[];
  readonly inclusionProofs: number;
  readonly consistencyProofs: number;
  readonly postgresUrl: string;
  /** Hard limit for the whole run, after which everything is stopped and cleaned up. */
  readonly limitSeconds: number;
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function listEnv(name: string, fallback: readonly number[], min: number, max: number): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const values = raw.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
  if (values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    throw new Error(
      `${name} must be a comma-separated list of integers ${min}–${max} (got "${raw}")`,
    );
  }
  return values;
}

function phasesEnv(): Set<Phase> {
  const raw = process.env['BENCH_LOG_PHASES'];
  if (raw === undefined || raw === '') return new Set(ALL_PHASES);
  const phases = raw.split(',').map((p) => p.trim());
  for (const p of phases) {
    if (!(ALL_PHASES as readonly string[]).includes(p)) {
      throw new Error(`BENCH_LOG_PHASES: unknown phase "${p}" (known: ${ALL_PHASES.join(', ')})`);
    }
  }
  return new Set(phases as Phase[]);
}

export function readLogBenchSettings(): LogBenchSettings {
  const quick = process.env['BENCH_QUICK'] === '1';
  const postgresEntries = intEnv('BENCH_LOG_ENTRIES', quick ? 100_000 : 1_000_000, 1, 20_000_000);
  return {
    quick,
    phases: phasesEnv(),
    connections: intEnv('BENCH_CONNECTIONS', 50, 1, 1000),
    seconds: intEnv('BENCH_SECONDS', quick ? 3 : 10, 1, 120),
    warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', quick ? 1 : 2, 0, 60),
    pgliteEntries: intEnv('BENCH_LOG_PGLITE_ENTRIES', quick ? 10_000 : 100_000, 1, 2_000_000),
    postgresEntries,
    proofSizes: listEnv(
      'BENCH_LOG_SIZES',
      quick ? [postgresEntries, 1_000_000] : [postgresEntries, 10_000_000],
      1,
      100_000_000,
    ),
    inclusionProofs: intEnv('BENCH_LOG_INCLUSION_PROOFS', quick ? 100 : 500, 1, 100_000),
    consistencyProofs: intEnv('BENCH_LOG_CONSISTENCY_PROOFS', quick ? 50 : 200, 1, 100_000),
    postgresUrl: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    limitSeconds: intEnv('BENCH_LOG_LIMIT_SECONDS', quick ? 600 : 1800, 30, 7200),
  };
}
