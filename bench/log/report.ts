/** Renders the log benchmark as Markdown: one table, each figure beside its in-run baseline. */
import os from 'node:os';
import { describeFailures } from '../report.ts';
import type { AuditTiming } from './audit-bench.ts';
import type { AppendResult } from './e2e-bench.ts';
import type { HashRun } from './hashing.ts';
import type { ProofLatency } from './proofs-bench.ts';
import type { IntegrationResult } from './sequencer-bench.ts';
import type { Latency } from './stats.ts';

export interface IntegrationRow {
  readonly backend: string;
  readonly result: IntegrationResult;
  readonly raw: HashRun;
}

export interface ProofRow {
  readonly size: number;
  readonly synthetic: boolean;
  readonly service: ProofLatency;
  /** One indexed point read of log_hashes through a plain pg pool: the database round trip. */
  readonly pointRead: Latency;
  readonly http: ProofLatency | undefined;
  /** GET /healthz on the same server, one at a time: the HTTP round trip. */
  readonly healthz: Latency | undefined;
}

export interface AuditRow {
  readonly timing: AuditTiming;
  readonly raw: HashRun;
  readonly domain: HashRun;
}

export interface LogReport {
  readonly command: string;
  readonly startedAt: Date;
  readonly seconds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly appends: readonly AppendResult[];
  readonly integrations: readonly IntegrationRow[];
  readonly proofs: readonly ProofRow[];
  readonly audit: AuditRow | undefined;
  readonly postgresVersion: string | undefined;
  readonly loadAverages: readonly { readonly when: string; readonly value: number }[];
  readonly notes: readonly string[];
}

const BACKENDS: Record<string, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };
const GIB = 1024 ** 3;

const int = (v: number) => Math.round(v).toLocaleString('en-GB');
const ms = (v: number) =>
  v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toString();
const secs = (v: number) => `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
const size = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : int(n);
function ratio(value: number, baseline: number): string {
  const r = value / baseline;
  if (!Number.isFinite(r)) return '–';
  return `${r < 0.01 ? r.toFixed(4) : r < 0.1 ? r.toFixed(3) : r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

export function machineFacts(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [
    `${os.availableParallelism()} CPUs (nproc; ${cpu})`,
    `${(os.totalmem() / GIB).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `${os.platform()} ${os.release()} ${os.arch()}`,
  ].join(', ');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderLogReport(r: LogReport): string {
  const lines: string[] = [
    `Command: \`${r.command}\``,
    '',
    `Machine: ${machineFacts()}; ${r.postgresVersion ? `PostgreSQL ${r.postgresVersion} on the same machine` : 'no PostgreSQL'}.`,
    `Run: ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; one-minute load average ` +
      r.loadAverages.map((l) => `${l.value.toFixed(1)} (${l.when})`).join(', ') +
      '.',
    '',
    '| # | Measure | Backend | Tree / load | Result | Baseline (same run) | Baseline value | Ratio |',
    '| --- | --- | --- | --- | --: | --- | --: | --: |',
  ];

  for (const a of r.appends) {
    const b = BACKENDS[a.backend] ?? a.backend;
    const m = a.appends;
    const failed = m.failures > 0 ? `; ${describeFailures(m)}` : '';
    const warm = m.warmupFailures > 0 ? `; ${m.warmupFailures} failed in the warm-up` : '';
    lines.push(
      row([
        '1',
        'End-to-end appends (POST /api/v1/tokens: authenticated change + entry, one transaction)',
        b,
        `${r.connections} conn., ${r.warmupSeconds} + ${r.seconds} s`,
        `**${int(m.requestsPerSecond)} appends/s** (p50 ${ms(m.p50Ms)} ms, p99 ${ms(m.p99Ms)} ms)${failed}${warm}`,
        'GET /healthz, same server process',
        `${int(a.healthz.requestsPerSecond)} req/s`,
        ratio(m.requestsPerSecond, a.healthz.requestsPerSecond),
      ]),
      row([
        '1',
        'Integration lag: end of load → checkpoint covering every appended entry',
        b,
        `${int(a.entriesAppended)} entries in ${a.loadSeconds.toFixed(1)} s (${int(a.entriesAppended / a.loadSeconds)}/s); ${int(a.backlogAtEnd)} not integrated when it stopped`,
        `**${secs(a.lagMs)}** (integrated ${int(a.integratedPerSecondDuringLoad)}/s during the load)`,
        'configured bound TRUCELINE_LOG_INTEGRATE_MS',
        '1.00 s',
        ratio(a.lagMs, 1000),
      ]),
    );
  }

  for (const i of r.integrations) {
    const rawPerSecond = i.result.entries / (i.raw.ms / 1000);
    lines.push(
      row([
        '2',
        `Sequencer integration (integrate() until drained, batches of 4,096)`,
        i.backend,
        `${size(i.result.entries)} pending`,
        `**${int(i.result.perSecond)} entries/s** (${secs(i.result.ms)}; first 10 % ${int(i.result.earlyPerSecond)}/s, last 10 % ${int(i.result.latePerSecond)}/s)`,
        `raw SHA-256 of the same ${size(i.result.entries)} leaves + ${size(i.result.entries)}−1 nodes (node:crypto, ${i.raw.method})`,
        `${int(rawPerSecond)} entries/s (${secs(i.raw.ms)})`,
        ratio(i.result.perSecond, rawPerSecond),
      ]),
    );
  }

  for (const p of r.proofs) {
    const tree = `${size(p.size)}${p.synthetic ? ' (synthetic hashes)' : ' (real tree)'}`;
    const kinds: ['inclusion' | 'consistency', string][] = [
      ['inclusion', 'Inclusion proof'],
      ['consistency', 'Consistency proof'],
    ];
    for (const [kind, label] of kinds) {
      const s = p.service[kind];
      lines.push(
        row([
          '3',
          `${label} via service (${s.count}, one at a time)`,
          'PostgreSQL',
          tree,
          `**p50 ${ms(s.p50Ms)} ms, p99 ${ms(s.p99Ms)} ms**`,
          'one indexed point read of log_hashes, plain pg pool, run after each proof',
          `p50 ${ms(p.pointRead.p50Ms)} ms`,
          ratio(s.p50Ms, p.pointRead.p50Ms),
        ]),
      );
      const h = p.http?.[kind];
      if (h && p.healthz) {
        lines.push(
          row([
            '3',
            `${label} via HTTP (${h.count}, one at a time)`,
            'PostgreSQL',
            tree,
            `**p50 ${ms(h.p50Ms)} ms, p99 ${ms(h.p99Ms)} ms**`,
            'GET /healthz, same server, run after each proof',
            `p50 ${ms(p.healthz.p50Ms)} ms`,
            ratio(h.p50Ms, p.healthz.p50Ms),
          ]),
        );
      }
    }
  }

  if (r.audit) {
    const a = r.audit;
    lines.push(
      row([
        '4',
        'Full audit over HTTP (audit({ full: true }): checkpoint signature, every entry bundle, every hash)',
        'PostgreSQL',
        `${size(a.timing.entries)} (real tree)`,
        `**${secs(a.timing.ms)}** (${int(a.timing.entries / (a.timing.ms / 1000))} entries/s; download ${secs(a.timing.downloadMs)} in ${int(a.timing.bundles)} bundles)`,
        `raw SHA-256 of the same ${size(a.timing.entries)} leaves + ${size(a.timing.entries)}−1 nodes (${a.raw.method})`,
        secs(a.raw.ms),
        ratio(a.timing.ms, a.raw.ms),
      ]),
    );
  }

  lines.push('', ...r.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
