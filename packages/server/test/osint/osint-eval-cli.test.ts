import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'corpus');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    stdin: Readable.from([]),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('truceline osint eval', () => {
  it('scores the fixture corpus as one JSON object with the five keys', async () => {
    const r = await cli(['osint', 'eval', FIXTURES, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report).sort()).toEqual([
      'contradictions',
      'dates',
      'independence',
      'pairs',
      'stories',
    ]);
    expect(report['stories']).toMatchObject({
      precision: 1,
      recall: 1,
      f1: 1,
      articles: 8,
      predictedStories: 4,
    });
    // The exact and the truncated copies of one report.
    expect(report['pairs']).toMatchObject({ precision: 1, recall: 1, gold: 3 });
    // ISPR's four against the TTP's nine is a dispute; the later toll of six is an update.
    expect(report['contradictions']).toMatchObject({ scored: 2, correct: 2, noConflictFlagged: 0 });
    expect(report['independence']).toMatchObject({
      expectations: 2,
      originsCorrect: 2,
      outletsCorrect: 2,
    });
    expect(report['dates']).toMatchObject({ files: 8, correct: 8 });
    // Event days against the labelled stories' days: one Kurram report dates nothing it leads with.
    expect(report['dates']?.['events']).toMatchObject({ files: 6, correct: 5 });
  });

  it('prints a readable report without --json', async () => {
    const r = await cli(['osint', 'eval', FIXTURES]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Stories \(BCubed, 8 articles/);
    expect(r.out).toMatch(/precision 1\.000 {2}recall 1\.000 {2}F1 1\.000/);
  });

  it('refuses a directory without labels.json, and one that does not exist', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-osint-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'c1_floods_eta.txt'), path.join(dir, 'c1.txt'));
      const r = await cli(['osint', 'eval', dir]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/no labels\.json/);
      const missing = await cli(['osint', 'eval', path.join(dir, 'nope')]);
      expect(missing.err).toMatch(/is not a directory/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds the actors of an --actors file, and refuses a malformed one naming the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-actors-'));
    try {
      const good = path.join(dir, 'actors.json');
      fs.writeFileSync(good, JSON.stringify([{ id: 'JuA', names: ['Jamaat-ul-Ahrar', 'JuA'] }]));
      const ok = await cli(['osint', 'eval', FIXTURES, '--json', '--actors', good]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out).stories.f1).toBe(1);

      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify([{ id: 'JuA', names: [] }]));
      const refused = await cli(['osint', 'eval', FIXTURES, '--actors', bad]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/bad\.json: not a list of actors: \/0\/names: /);
      expect(refused.out).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips a file that is not UTF-8 and scores the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-osint-'));
    try {
      for (const f of fs.readdirSync(FIXTURES))
        fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
      fs.writeFileSync(
        path.join(dir, 'zz_binary.txt'),
        Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]),
      );
      const r = await cli(['osint', 'eval', dir, '--json']);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/skipped zz_binary\.txt/);
      expect(JSON.parse(r.out).stories.f1).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
