/** The CLI against a real embedded database in a temporary data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';

let dataDir: string;

async function cli(args: string[], stdin = '', env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--data-dir', dataDir, ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { TRUCELINE_LOG_LEVEL: 'silent', ...env },
    stdin: Readable.from([stdin]),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('truceline CLI', () => {
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has --help on every command', async () => {
    for (const args of [
      [],
      ['serve'],
      ['migrate'],
      ['user'],
      ['user', 'add'],
      ['user', 'list'],
      ['user', 'disable'],
      ['token', 'create'],
      ['token', 'revoke'],
      ['demo', 'load'],
      ['org', 'list'],
    ]) {
      const r = await cli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(EXIT.ok);
      expect(r.out).toMatch(/Usage: truceline/);
    }
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await cli(['user', 'add', '--email', 'a@b.org'])).code).toBe(EXIT.usage);
    const bad = await cli([
      'token',
      'create',
      '--user',
      'a@b.org',
      '--name',
      'x',
      '--scopes',
      'root',
    ]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(/"root" is not a scope/);
  });

  it('exits 2 with every configuration problem listed', async () => {
    const r = await cli(['migrate'], '', { PORT: 'x', TRUCELINE_LOG_LEVEL: 'loud' });
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/PORT/);
    expect(r.err).toMatch(/TRUCELINE_LOG_LEVEL/);
  });

  it(
    'migrates, loads the demo once, and refuses to load it again',
    { timeout: 120_000 },
    async () => {
      expect((await cli(['migrate'])).code).toBe(EXIT.ok);
      const first = await cli(['demo', 'load'], '', {
        TRUCELINE_DEMO_PASSWORD: 'correct-horse-battery-staple',
      });
      expect(first.code).toBe(EXIT.ok);
      expect(first.out).toMatch(/officer\.pk@demo\.truceline\.test/);
      const second = await cli(['demo', 'load']);
      expect(second.code).toBe(EXIT.conflict);
      expect(second.err).toMatch(/already holds data/);
    },
  );

  it('adds, lists and disables users; passwords come from stdin', async () => {
    const add = await cli(
      [
        'user',
        'add',
        '--email',
        'Field.Monitor@example.org',
        '--name',
        'Field Monitor',
        '--role',
        'monitor',
        '--org',
        'JMVS',
      ],
      'a-strong-password-1\n',
    );
    expect(add.code, add.err).toBe(EXIT.ok);
    const short = await cli(
      [
        'user',
        'add',
        '--email',
        'b@example.org',
        '--name',
        'B',
        '--role',
        'monitor',
        '--org',
        'JMVS',
      ],
      'short\n',
    );
    expect(short.code).toBe(EXIT.usage);
    const wrongOrg = await cli(
      [
        'user',
        'add',
        '--email',
        'c@example.org',
        '--name',
        'C',
        '--role',
        'party_officer',
        '--org',
        'JMVS',
      ],
      'a-strong-password-1\n',
    );
    expect(wrongOrg.code).toBe(EXIT.usage);
    expect(wrongOrg.err).toMatch(/role/);
    const noOrg = await cli(
      [
        'user',
        'add',
        '--email',
        'd@example.org',
        '--name',
        'D',
        '--role',
        'monitor',
        '--org',
        'NOPE',
      ],
      'a-strong-password-1\n',
    );
    expect(noOrg.code).toBe(EXIT.notFound);
    const dup = await cli(
      [
        'user',
        'add',
        '--email',
        'field.monitor@example.org',
        '--name',
        'Again',
        '--role',
        'monitor',
        '--org',
        'JMVS',
      ],
      'a-strong-password-1\n',
    );
    expect(dup.code).toBe(EXIT.conflict);

    const list = await cli(['user', 'list', '--json']);
    const users = JSON.parse(list.out) as { email: string; disabled: boolean }[];
    expect(users.find((u) => u.email === 'field.monitor@example.org')?.disabled).toBe(false);
    expect(list.out).not.toMatch(/argon2/);

    expect((await cli(['user', 'disable', 'field.monitor@example.org'])).code).toBe(EXIT.ok);
    const after = JSON.parse((await cli(['user', 'list', '--json'])).out) as {
      email: string;
      disabled: boolean;
    }[];
    expect(after.find((u) => u.email === 'field.monitor@example.org')?.disabled).toBe(true);
    expect((await cli(['user', 'disable', 'nobody@example.org'])).code).toBe(EXIT.notFound);
  });

  it('creates a token (secret on stdout only) and revokes it', async () => {
    const created = await cli([
      'token',
      'create',
      '--user',
      'admin@demo.truceline.test',
      '--name',
      'ci',
      '--scopes',
      'read,write',
      '--expires-in-days',
      '7',
    ]);
    expect(created.code, created.err).toBe(EXIT.ok);
    expect(created.out).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    expect(created.err).not.toContain(created.out);
    const id = /Token ([0-9a-f-]{36})/.exec(created.err)?.[1];
    expect(id).toBeDefined();
    expect((await cli(['token', 'revoke', id!])).code).toBe(EXIT.ok);
    expect((await cli(['token', 'revoke', '00000000-0000-4000-8000-000000000000'])).code).toBe(
      EXIT.notFound,
    );
    expect(
      (await cli(['token', 'create', '--user', 'nobody@example.org', '--name', 'x'])).code,
    ).toBe(EXIT.notFound);
  });
});
