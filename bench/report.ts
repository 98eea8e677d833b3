/** Renders the benchmark's results as Markdown: the machine, the method, and one table. */
import os from 'node:os';
import type { LoadSettings, Measurement } from './load.ts';

/** One measured endpoint. */
export interface Row {
  readonly backend: string;
  readonly endpoint: string;
  readonly measurement: Measurement;
  /** The machine's one-minute load average at the end of the measurement. */
  readonly loadAverage: number;
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

/** autocannon records latencies in whole milliseconds. */
function milliseconds(value: number): string {
  return Math.round(value).toString();
}

function ratio(value: number, baseline: number): string {
  const r = baseline > 0 ? value / baseline : NaN;
  return `${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×`;
}

/** "0", or the failures and what they were, so that a bad figure cannot pass unnoticed. */
export function describeFailures(m: Measurement): string {
  if (m.failures === 0) return '0';
  const parts = [
    m.timeouts > 0 ? `${m.timeouts} timed out` : '',
    m.errors > m.timeouts ? `${m.errors - m.timeouts} connection errors` : '',
    ...Object.entries(m.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}× ${code}`),
  ].filter(Boolean);
  return `**${m.failures} FAILED** (${parts.join(', ')})`;
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
    describeFailures(m),
    row.loadAverage.toFixed(1),
  ];
  return `| ${cells.join(' | ')} |`;
}

function warmupNotes(rows: readonly Row[]): string[] {
  return rows
    .filter((row) => row.measurement.warmupFailures > 0)
    .map(
      (row) =>
        `Note: ${row.measurement.warmupFailures} request(s) failed during the warm-up of ` +
        `${row.backend} ${row.endpoint} (not counted in the table).`,
    );
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
    '| Backend | Endpoint | req/s | p50 ms | p99 ms | req/s ÷ baseline | errors + non-2xx | load avg |',
    '| --- | --- | --: | --: | --: | --: | --: | --: |',
    ...report.rows.map((row) => tableRow(row, report.baselineRps)),
    '',
    `Baseline: ${integer(report.baselineRps)} req/s, the mean of the two hello-world runs.`,
    ...[...report.notes, ...warmupNotes(report.rows)].map((note) => `\n${note}`),
  ];
  return `${lines.join('\n')}\n`;
}
