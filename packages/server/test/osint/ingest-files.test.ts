/**
 * Files in: the watched directory (files moved aside after each scan, failures with a note, the
 * same bytes dropped again found by their hash) and `truceline osint ingest PATH...` (a directory
 * with good and bad files: a progress bar, every bad file listed, the rest ingested; a failure
 * only when nothing could be), then the stories and sources commands, as an account.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { createServices, type Services } from '../../src/composition-root.ts';
import type { Database } from '../../src/platform/database/database.ts';
import { osintIngestJob } from '../../src/jobs/osint-ingest.job.ts';
import { backends } from '../support/test-db.ts';
import { MONITOR, OBSERVER, startCli, type CliHarness } from '../cli/cli-harness.ts';
import * as F from './ingest-fixtures.ts';

for (const backend of await backends()) {
  describe(`the watched directory (${backend.name})`, () => {
    let database: Database;
    let services: Services;
    let root = '';
    let watch = '';

    beforeAll(async () => {
      database = await backend.open();
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-watch-'));
      watch = path.join(root, 'inbox');
      fs.mkdirSync(watch);
      const config = parseConfig({
        TRUCELINE_DATA_DIR: path.join(root, 'data'),
        TRUCELINE_LOG_LEVEL: 'silent',
        TRUCELINE_OSINT_WATCH_DIR: watch,
      });
      services = createServices(database, config);
    });
    afterAll(async () => {
      await services.close();
      await database.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    /** Writes a file and dates it a minute back, past the "still being written" wait. */
    const drop = (name: string, content: string | Buffer) => {
      const file = path.join(watch, name);
      fs.writeFileSync(file, content);
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(file, past, past);
    };

    it('takes in what is dropped and moves each file aside', async () => {
      expect(services.osint.watch.dir).toBe(watch);
      drop('dawn.html', F.CLASH_DAWN);
      drop('cricket.txt', F.CRICKET);
      drop('program.bin', F.ELF);
      drop('empty.txt', '');
      fs.writeFileSync(path.join(watch, 'still-copying.html'), F.CLASH_AGENCY);
      const batch = await services.osint.watch.scan();
      expect(batch).toMatchObject({ ingested: 2, duplicates: 0, failed: 2 });
      expect(batch?.items.find((i) => i.name === 'program.bin')?.error).toMatch(/ELF executable/);
      expect(batch?.items.find((i) => i.name === 'empty.txt')?.error).toBe('the file is empty');
      expect(fs.readdirSync(watch).sort()).toEqual(['failed', 'ingested', 'still-copying.html']);
      expect(fs.readdirSync(path.join(watch, 'ingested')).sort()).toEqual([
        'cricket.txt',
        'dawn.html',
      ]);
      expect(fs.readdirSync(path.join(watch, 'failed')).sort()).toEqual([
        'empty.txt',
        'empty.txt.error.txt',
        'program.bin',
        'program.bin.error.txt',
      ]);
      expect(fs.readFileSync(path.join(watch, 'failed', 'program.bin.error.txt'), 'utf8')).toMatch(
        /ELF/,
      );
      const sources = await services.osint.sources.list();
      expect(sources).toEqual([
        expect.objectContaining({ kind: 'directory', path: watch, articleCount: 2 }),
      ]);
    });

    it('finds nothing new in an empty directory, and the same bytes again by their hash', async () => {
      fs.unlinkSync(path.join(watch, 'still-copying.html'));
      expect(await services.osint.watch.scan()).toBeNull();
      drop('dawn-again.html', F.CLASH_DAWN);
      const batch = await services.osint.watch.scan();
      expect(batch).toMatchObject({ ingested: 0, duplicates: 1, failed: 0 });
      expect(fs.readdirSync(path.join(watch, 'ingested'))).toContain('dawn-again.html');
    });

    it('is scanned by the scheduled job, which also polls the feeds that are due', async () => {
      drop('agency.html', F.CLASH_AGENCY);
      const lines: Array<[object, string | undefined]> = [];
      const log = { info: (o: object, m?: string) => lines.push([o, m]), warn: () => undefined };
      await osintIngestJob(services.osint).run({}, { log, now: () => new Date() });
      expect(lines).toEqual([
        [{ dir: watch, ingested: 1, duplicates: 0, failed: 0 }, 'watched directory ingested'],
      ]);
    });
  });
}

describe('truceline osint ingest and friends', () => {
  let h: CliHarness;
  let dir = '';
  beforeAll(async () => {
    h = await startCli('osint-ingest');
    dir = path.join(h.dir, 'news');
    fs.mkdirSync(path.join(dir, 'more'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dawn.html'), F.CLASH_DAWN);
    fs.writeFileSync(path.join(dir, 'agency.html'), F.CLASH_AGENCY);
    fs.writeFileSync(path.join(dir, 'more', 'follow-up.txt'), F.CLASH_FOLLOW_UP);
    fs.writeFileSync(path.join(dir, 'more', 'cricket'), F.CRICKET);
    fs.writeFileSync(path.join(dir, 'a.out'), F.ELF);
    fs.writeFileSync(path.join(dir, 'klingon.html'), F.UNKNOWN_ENCODING);
    fs.writeFileSync(path.join(dir, '.hidden.html'), F.CLASH_COPY);
  });
  afterAll(() => h.close());

  it('ingests a directory with a progress bar, listing what it could not read', async () => {
    const r = await h.cli(['osint', 'ingest', dir, '--as', MONITOR]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^Ingested 4 new articles, 0 already stored, 2 failed \(batch [0-9a-f-]{36}\)\.$/,
    );
    // Not a terminal here: the bar comes as lines, every tenth of the way.
    expect(r.err).toMatch(/ingesting: 100% \(6 of 6\)/);
    expect(r.err).toMatch(/not ingested: .*a\.out: not a news article: it is an ELF executable/);
    expect(r.err).toMatch(/not ingested: .*klingon\.html: .*"x-klingon-8", which is not a known/);
    expect(r.err).not.toMatch(/hidden/);
  });

  it('reports the same files again as already stored, as JSON on request', async () => {
    const r = await h.cli([
      'osint',
      'ingest',
      path.join(dir, 'dawn.html'),
      '--as',
      MONITOR,
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const batch = JSON.parse(r.out) as { ingested: number; duplicates: number; items: unknown[] };
    expect(batch).toMatchObject({ ingested: 0, duplicates: 1, failed: 0 });
    expect(batch.items).toEqual([
      expect.objectContaining({ outcome: 'duplicate', articleId: expect.any(String) }),
    ]);
  });

  it('fails only when nothing at all could be ingested', async () => {
    const r = await h.cli([
      'osint',
      'ingest',
      path.join(dir, 'a.out'),
      path.join(dir, 'no-such-file.html'),
      '--as',
      MONITOR,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no-such-file\.html: cannot be read \(ENOENT\)/);
    expect(r.err).toMatch(/Nothing could be ingested/);
  });

  it('lists the stories and shows one, for the mediators’ side only', async () => {
    const r = await h.cli(['osint', 'stories', '--as', MONITOR, '--json']);
    expect(r.code, r.err).toBe(0);
    const stories = JSON.parse(r.out) as Array<{ id: string; label: string; articleCount: number }>;
    const clash = stories.find((s) => s.label.includes('Torkham'));
    expect(clash?.articleCount).toBe(3);
    const table = await h.cli(['osint', 'stories', '--as', MONITOR]);
    expect(table.out.split('\n')[0]).toMatch(/^LAST SEEN\s+ARTICLES\s+OUTLETS\s+ORIGINS/);
    const shown = await h.cli(['osint', 'story', clash?.id ?? '', '--as', MONITOR]);
    expect(shown.code, shown.err).toBe(0);
    // In time order; two reports of the same day may come in either order (a tie in time).
    expect(shown.out).toMatch(/Timeline:\n {2}2025-10-20 .*\n {2}2025-10-20 .*\n {2}2025-10-21 /);
    expect(shown.out).toMatch(/\n {2}2025-10-20 {2}Frontier Post/);
    expect(shown.out).toMatch(/Contradictions:\n {2}conflict \(figure\)/);
    const refused = await h.cli(['osint', 'stories', '--as', OBSERVER]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/may not do osint\.read/);
  });

  it('lists the sources and refuses an address that is not public', async () => {
    const list = await h.cli(['osint', 'sources', 'list', '--as', MONITOR]);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^cli\s+ok\s+4\s/m);
    const add = await h.cli([
      'osint',
      'sources',
      'add',
      'http://192.168.1.10/rss',
      '--as',
      MONITOR,
    ]);
    expect(add.code).toBe(2);
    expect(add.err).toMatch(/url .*private/);
    const needsAccount = await h.cli(['osint', 'ingest', dir]);
    expect(needsAccount.code).toBe(2);
    expect(needsAccount.err).toMatch(/--as EMAIL/);
  });
});
