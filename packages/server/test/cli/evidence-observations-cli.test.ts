/**
 * `truceline evidence …`, `observation …` and `sweep-evidence`, acting as demo accounts, against a
 * real embedded database and evidence store.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceDetail, EvidenceItem, Observation } from '@truceline/domain';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { IMPORT_BATCH } from '../../src/cli/observation.command.ts';
import {
  demoAgreement,
  fileComplaint,
  MONITOR,
  OBSERVER,
  PK,
  startCli,
  TR,
  type CliHarness,
} from './cli-harness.ts';

let h: CliHarness;
let reference: string;

const HEADER =
  'observedAt,timePrecision,latitude,longitude,locationPrecision,placeId,type,count,source,sourceKind,notes,visibility';
const row = (over: Partial<Record<string, string>> = {}) => {
  const cells: Record<string, string> = {
    observedAt: '2025-10-21T08:00:00Z',
    timePrecision: 'hour',
    latitude: '34.1',
    longitude: '71.09',
    locationPrecision: 'exact',
    placeId: 'pk-torkham',
    type: 'people_crossing',
    count: '1200',
    source: 'JMVS team 2',
    sourceKind: 'monitor',
    notes: '"Queues, both directions"',
    visibility: 'joint',
    ...over,
  };
  return HEADER.split(',')
    .map((c) => cells[c])
    .join(',');
};

async function observationCount(): Promise<number> {
  const r = await h.cli(['observation', 'list', '--limit', '100000', '--as', MONITOR, '--json']);
  expect(r.code, r.err).toBe(EXIT.ok);
  return (JSON.parse(r.out) as Observation[]).length;
}

describe('truceline evidence, observation and sweep-evidence', () => {
  beforeAll(async () => {
    h = await startCli('evidence-cli');
    ({ reference } = await fileComplaint(h, await demoAgreement(h)));
  }, 120_000);
  afterAll(() => h?.close());

  it('adds a file (with progress past a few MB) and gets back the same bytes', async () => {
    let text = '';
    for (let i = 0; text.length < 5_000_000; i++) text += `line ${i} of the monitors' log\n`;
    const original = h.file('log.txt', text);
    const added = await h.cli([
      'evidence',
      'add',
      reference,
      original,
      '--title',
      "Monitors' log",
      '--visibility',
      'joint',
      '--as',
      PK,
      '--json',
    ]);
    expect(added.code, added.err).toBe(EXIT.ok);
    const item = JSON.parse(added.out) as EvidenceItem;
    expect(item.file).toMatchObject({ size: Buffer.byteLength(text), kind: 'text' });
    expect(item.fileName).toBe('log.txt');
    // Not a terminal here: progress comes as lines, every tenth of the way.
    expect(added.err).toMatch(/uploading log\.txt: 50% /);
    expect(added.err).toMatch(/uploading log\.txt: 100% /);

    const again = await h.cli([
      'evidence',
      'add',
      reference,
      original,
      '--title',
      'Same file',
      '--visibility',
      'joint',
      '--as',
      PK,
    ]);
    expect(again.code, again.err).toBe(EXIT.ok);
    expect(again.out).toMatch(new RegExp(`Already on this complaint as evidence ${item.id}`));

    const listed = await h.cli(['evidence', 'list', reference, '--as', TR]);
    expect(listed.code, listed.err).toBe(EXIT.ok);
    expect(listed.out).toMatch(new RegExp(`${item.id}\\s+text\\s+joint`));

    const out = h.file('copy.txt');
    const got = await h.cli(['evidence', 'get', item.id, '--out', out, '--as', TR]);
    expect(got.code, got.err).toBe(EXIT.ok);
    expect(got.out).toMatch(/\(checked\)$/);
    expect(fs.readFileSync(out).equals(fs.readFileSync(original))).toBe(true);
    expect((await h.cli(['evidence', 'get', item.id, '--out', out, '--as', TR])).code).toBe(
      EXIT.conflict,
    );

    const shown = await h.cli(['evidence', 'show', item.id, '--as', TR, '--json']);
    const detail = JSON.parse(shown.out) as EvidenceDetail;
    expect(detail.custody.map((e) => e.event)).toEqual([
      'added',
      'uploaded_again',
      'downloaded',
      'viewed',
    ]);
  }, 90_000);

  it('refuses what the API refuses, with the same exit codes', async () => {
    const small = h.file('note.txt', 'A short note.\n');
    const add = (args: string[]) =>
      h.cli(['evidence', 'add', ...args, '--title', 'Note', '--visibility', 'joint']);
    const observer = await add([reference, small, '--as', OBSERVER]);
    expect(observer.code).toBe(EXIT.usage);
    expect(observer.err).toMatch(/may not do evidence\.add/);
    expect((await add(['C-999999', small, '--as', PK])).code).toBe(EXIT.notFound);
    const missing = await add([reference, h.file('absent.txt'), '--as', PK]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/Cannot read/);
    const binary = await add([reference, h.file('x.bin', Buffer.from([0, 1, 2, 3])), '--as', PK]);
    expect(binary.code).toBe(EXIT.usage);
    expect(binary.err).toMatch(/Not accepted as evidence/);
    const publish = await h.cli([
      'evidence',
      'add',
      reference,
      small,
      '--title',
      'Note',
      '--visibility',
      'public',
      '--as',
      PK,
    ]);
    expect(publish.code).toBe(EXIT.usage);
    expect(publish.err).toMatch(/public is for mediators only/);
    const unknown = await h.cli([
      'evidence',
      'get',
      '00000000-0000-4000-8000-000000000000',
      '--out',
      h.file('nothing'),
      '--as',
      TR,
    ]);
    expect(unknown.code).toBe(EXIT.notFound);
  }, 90_000);

  it('imports a CSV all or nothing: one bad row stores nothing and is named', async () => {
    const before = await observationCount();
    const bad = h.file(
      'bad.csv',
      [HEADER, row(), row({ count: 'many', visibility: 'everyone' }), row(), ''].join('\n'),
    );
    const r = await h.cli(['observation', 'import', bad, '--as', MONITOR]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/1 of 3 row\(s\) are not valid; nothing was stored/);
    expect(r.err).toMatch(/row 2 \(line 3\) count: must be integer/);
    expect(r.err).toMatch(/row 2 \(line 3\) visibility: must be equal to one of the allowed/);
    expect(await observationCount()).toBe(before);

    const header = await h.cli([
      'observation',
      'import',
      h.file('header.csv', `${HEADER.replace('count', 'how_many')}\n${row()}\n`),
      '--as',
      MONITOR,
    ]);
    expect(header.code).toBe(EXIT.usage);
    expect(header.err).toMatch(/unknown column\(s\): how_many/);
    expect(header.err).toMatch(/missing column\(s\): count/);

    const good = h.file('good.csv', [HEADER, row(), row({ placeId: '', count: '7' })].join('\n'));
    const monitorOnly = await h.cli(['observation', 'import', good, '--as', PK]);
    expect(monitorOnly.code).toBe(EXIT.usage);
    const ok = await h.cli(['observation', 'import', good, '--as', MONITOR]);
    expect(ok.code, ok.err).toBe(EXIT.ok);
    expect(ok.out).toMatch(/Recorded 2 observation\(s\)/);
    expect(await observationCount()).toBe(before + 2);
    const listed = await h.cli(['observation', 'list', '--type', 'people_crossing', '--as', TR]);
    expect(listed.out).toMatch(/people_crossing\s+7\s+34\.1, 71\.09/);
    expect(listed.out).toMatch(/people_crossing\s+1200\s+Torkham/);
  }, 90_000);

  it('refuses every batch when the service refuses a row of a later one', async () => {
    const before = await observationCount();
    const rows = Array.from({ length: IMPORT_BATCH + 5 }, () => row());
    // Well-formed, so the schema passes it; only the service knows the gazetteer has no such place.
    rows[IMPORT_BATCH + 2] = row({ placeId: 'xx-atlantis' });
    const file = h.file('many.csv', [HEADER, ...rows].join('\n'));
    const dry = await h.cli(['observation', 'import', file, '--as', MONITOR, '--dry-run']);
    expect(dry.code).toBe(EXIT.usage);
    const r = await h.cli(['observation', 'import', file, '--as', MONITOR]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(
      new RegExp(
        `row ${IMPORT_BATCH + 3} \\(line ${IMPORT_BATCH + 4}\\) placeId: is not a place in the gazetteer`,
      ),
    );
    expect(r.err).toMatch(/nothing was stored/);
    // The first batch had been recorded inside the import's transaction; it was rolled back.
    expect(await observationCount()).toBe(before);
  }, 120_000);

  it('sweeps evidence files nothing references', async () => {
    // A blob committed by an upload whose database rows never came (a crash between the two).
    const bytes = Buffer.from('an orphaned upload\n');
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const blob = path.join(h.dir, 'data', 'evidence', 'sha256', sha.slice(0, 2), sha.slice(2, 4));
    fs.mkdirSync(blob, { recursive: true });
    fs.writeFileSync(path.join(blob, sha), bytes);
    const r = await h.cli(['sweep-evidence', '--json']);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toEqual({ stagingRemoved: 0, orphansRemoved: 1 });
    expect(fs.existsSync(path.join(blob, sha))).toBe(false);
    const human = await h.cli(['sweep-evidence']);
    expect(human.out).toBe('Removed 0 staging file(s) and 0 unreferenced evidence file(s).');
    // The referenced file is still there.
    const items = JSON.parse(
      (await h.cli(['evidence', 'list', reference, '--as', TR, '--json'])).out,
    ) as EvidenceItem[];
    const kept = items.find((i) => i.file !== null);
    const out = h.file('kept.txt');
    expect((await h.cli(['evidence', 'get', kept!.id, '--out', out, '--as', TR])).code).toBe(
      EXIT.ok,
    );
  }, 60_000);
});
