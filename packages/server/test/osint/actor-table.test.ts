/**
 * Actors users add (`TRUCELINE_OSINT_ACTORS_FILE`): merged into the built-in table, used for a
 * story's clues, and a malformed file stops the start with the file and field named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACTORS } from '@truceline/domain/osint/index';
import type { OsintStoryMatches, OsintStoryPage } from '@truceline/domain';
import { ActorTableError, loadActors } from '../../src/features/osint/actor-table.ts';
import { parseConfig } from '../../src/config/config.ts';
import { createServices } from '../../src/composition-root.ts';
import { pgliteBackend } from '../support/test-db.ts';
import { asSession, createTestApp, type TestContext } from '../support/test-app.ts';
import { loadWorld, type World } from '../support/complaints.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-actors-'));
const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const ACTORS = write(
  'actors.json',
  JSON.stringify([
    { id: 'JuA', names: ['Jamaat-ul-Ahrar', 'JuA'] },
    { id: 'TTP', names: ['Tehreek-e-Taliban-e-Pakistan'] },
  ]),
);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the actors file', () => {
  it('adds new actors and new names of known ones to the built-in table', () => {
    const table = loadActors(ACTORS);
    expect(table.find((a) => a.id === 'JuA')?.names).toEqual(['Jamaat-ul-Ahrar', 'JuA']);
    const ttp = table.find((a) => a.id === 'TTP')?.names ?? [];
    expect(ttp).toContain('Tehreek-e-Taliban-e-Pakistan');
    expect(ttp).toContain('Fitna al-Khawarij');
    expect(loadActors(undefined)).toBe(DEFAULT_ACTORS);
  });

  it.each([
    ['not JSON', '[{', /broken\.json: .*JSON/],
    [
      'an actor without names',
      '[{"id":"X","names":[]}]',
      /broken\.json: not a list of actors: \/0\/names/,
    ],
    ['an unknown field', '[{"id":"X","names":["X"],"colour":"red"}]', /not a list of actors: \/0/],
  ])('refuses %s, naming the file and the field', (_what, content, message) => {
    const file = write('broken.json', content);
    expect(() => loadActors(file)).toThrow(ActorTableError);
    expect(() => loadActors(file)).toThrow(message);
  });
});

describe('a story names an actor of the file', () => {
  let t: TestContext;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(pgliteBackend, { env: { TRUCELINE_OSINT_ACTORS_FILE: ACTORS } });
    world = await loadWorld(t.app);
  });
  afterAll(async () => t?.close());

  it('lists it among the story’s clues', async () => {
    const text = `Jamaat-ul-Ahrar claims Bajaur attack
source: Khyber Mail | published: 2025-10-22

BAJAUR: Jamaat-ul-Ahrar said its fighters attacked a checkpost in Bajaur on Wednesday, a claim officials did not confirm.`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/osint/articles?fileName=jua.txt',
      headers: { ...asSession(world.as.monitor), 'content-type': 'application/octet-stream' },
      payload: Buffer.from(text),
    });
    expect(res.statusCode, res.body).toBe(201);
    const stories = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/osint/stories',
        headers: asSession(world.as.monitor),
      })
    ).json<OsintStoryPage>();
    const story = stories.items.find((s) => s.label.includes('Jamaat-ul-Ahrar'));
    const matches = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/osint/stories/${story?.id}/matches`,
        headers: asSession(world.as.monitor),
      })
    ).json<OsintStoryMatches>();
    expect(matches.clues.actors).toContain('JuA');
  });

  it('refuses to start with a malformed file', async () => {
    const file = write('bad.json', '[{"id":""}]');
    const config = parseConfig({ TRUCELINE_DATA_DIR: dir, TRUCELINE_OSINT_ACTORS_FILE: file });
    const database = await pgliteBackend.open();
    try {
      expect(() => createServices(database, config, () => new Date())).toThrow(
        /bad\.json: not a list of actors/,
      );
    } finally {
      await database.close();
    }
  });
});
