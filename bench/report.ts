/** Renders the benchmark's results as Markdown: the machine, the method, and one table. */
import os from 'node:os';
import type { LoadSettings, Measurement } from './load.ts';

/** One measured endpoint. */
export interface Row {
  readonly backend: string;
  readonly endpoint: string;
  readonly measurement: Measurement;
}

/** Everything the report shows. */
export interface Report {
  readonly settings: LoadSettings;
  readonly rows: readonly Row[];
  /** Requests per second of the hello-world baseline that the ratios divide by. */
  readonly baselineRps: number;
  readonly notes: readonly string[];
}

const GIB = 1024 ** 3;

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [
    `${os.availableParallelism()} CPUs (nproc; ${cpu})`,
    `${(os.totalmem() / GIB).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `${os.platform()} ${os.release()} ${os.arch()}`,
    new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  ].join(', ');
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

function milliseconds(value: number): string {
  return value < 10 ? value.toFixed(1) : Math.round(value).toString();
}

function ratio(value: number, baseline: number): string {
  const r = baseline > 0 ? value / baseline : NaN;
  return `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×`;
}

function failures(m: Measurement): string {
  if (m.failures === 0) return '0';
  const codes = Object.entries(m.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  return `**${m.failures} FAILED** (${codes})`;
}

function tableRow(row: Row, baselineRps: number): string {
  const m = row.measurement;
  const cells = [
    row.backend,
    row.endpoint,
    integer(m.requestsPerSecond),
    milliseconds(m.p50Ms),
    milliseconds(m.p99Ms),
    ratio(m.requestsPerSecond, baselineRps),
    failures(m),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The report as Markdown, ready to paste into docs/benchmarks.md. */
export function renderReport(report: Report): string {
  const { settings } = report;
  const lines = [
    `Machine: ${machine()}.`,
    '',
    `Load: autocannon, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ` +
      `${settings.seconds} s measured per row; each server in its own process on 127.0.0.1.`,
    '',
    '| Backend | Endpoint | req/s | p50 ms | p99 ms | req/s ÷ baseline | errors + non-2xx |',
    '| --- | --- | --: | --: | --: | --: | --: |',
    ...report.rows.map((row) => tableRow(row, report.baselineRps)),
    '',
    `Baseline: ${integer(report.baselineRps)} req/s, the mean of the two hello-world runs.`,
    ...report.notes.map((note) => `\n${note}`),
  ];
  return `${lines.join('\n')}\n`;
}
