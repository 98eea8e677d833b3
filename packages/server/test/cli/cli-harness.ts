/**
 * The CLI run in-process against a real embedded database in a temporary data directory, with the
 * demo loaded: what the CLI suites share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Agreement } from '@truceline/domain';
import { runCli } from '../../src/cli/main.ts';

export const PK = 'officer.pk@demo.truceline.test';
export const AF = 'officer.af@demo.truceline.test';
export const TR = 'mediator.tr@demo.truceline.test';
export const QA = 'mediator.qa@demo.truceline.test';
export const MONITOR = 'monitor@demo.truceline.test';
export const OBSERVER = 'observer@demo.truceline.test';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface CliHarness {
  readonly dir: string;
  cli(args: string[], stdin?: string, env?: Record<string, string>): Promise<CliResult>;
  /** A file in the data directory's sibling scratch folder. */
  file(name: string, content?: string | Buffer): string;
  close(): void;
}

export async function startCli(prefix: string): Promise<CliHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `truceline-${prefix}-`));
  const dataDir = path.join(dir, 'data');
  const scratch = path.join(dir, 'files');
  fs.mkdirSync(scratch);
  const harness: CliHarness = {
    dir,
    async cli(args, stdin = '', env = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--data-dir', dataDir, ...args], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { TRUCELINE_LOG_LEVEL: 'silent', ...env },
        stdin: Readable.from([stdin]),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    file(name, content) {
      const p = path.join(scratch, name);
      if (content !== undefined) fs.writeFileSync(p, content);
      return p;
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  const loaded = await harness.cli(['demo', 'load'], '', {
    TRUCELINE_DEMO_PASSWORD: 'correct-horse-battery-staple',
  });
  if (loaded.code !== 0) throw new Error(`demo load failed: ${loaded.err}`);
  return harness;
}

/** The demo's agreement, read through `agreement list --json`. */
export async function demoAgreement(h: CliHarness): Promise<Agreement> {
  const r = await h.cli(['agreement', 'list', '--json']);
  const [agreement] = JSON.parse(r.out) as Agreement[];
  if (!agreement) throw new Error('the demo has no agreement');
  return agreement;
}

/** A valid filing by Pakistan against an armed group, as the JSON body of POST /complaints. */
export function complaintJson(agreement: Agreement, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    agreementId: agreement.id,
    visibility: 'joint',
    category: 'shelling_artillery',
    provisionIds: [agreement.provisions[0]?.id],
    accusedGroup: 'unidentified armed group',
    title: 'Shelling near Torkham',
    narrative: { text: 'Mortar rounds landed near the crossing at dawn.', language: 'en' },
    when: { from: '2025-10-20T04:00:00Z', to: '2025-10-20T05:00:00Z', precision: 'hour' },
    where: { latitude: 34.1, longitude: 71.09, precision: 'approximate', placeId: 'pk-torkham' },
    casualties: [{ status: 'civilian', killed: 2, injured: 5, reportedBy: 'ISPR' }],
    ...overrides,
  });
}

/** Files a complaint as Pakistan's officer and returns its reference (C-n). */
export async function fileComplaint(
  h: CliHarness,
  agreement: Agreement,
  overrides: Record<string, unknown> = {},
): Promise<{ reference: string; id: string }> {
  const body = h.file(`complaint-${Date.now()}.json`, complaintJson(agreement, overrides));
  const r = await h.cli(['complaint', 'file', '--file', body, '--as', PK, '--json']);
  if (r.code !== 0) throw new Error(`filing failed: ${r.err}`);
  const filed = JSON.parse(r.out) as { reference: string; id: string };
  return { reference: filed.reference, id: filed.id };
}
