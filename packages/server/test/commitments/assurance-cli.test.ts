/**
 * `truceline assurance`: offline signing and verification with the domain's check, the RFC 8032
 * known answer, and clear exit codes for tampering (6) and bad input (2).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssuranceStatement } from '@truceline/domain';
import { runCli } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { newKey } from './commitments-support.ts';

let dir: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    // No database is configured or touched: these commands are offline.
    env: { TRUCELINE_LOG_LEVEL: 'silent', TRUCELINE_DATA_DIR: path.join(dir, 'no-such-dir') },
    stdin: Readable.from(['']),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

describe('truceline assurance', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-assurance-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has --help on every command', async () => {
    for (const args of [
      ['assurance'],
      ['assurance', 'verify'],
      ['assurance', 'sign'],
      ['assurance', 'statement'],
    ]) {
      const r = await cli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(EXIT.ok);
      expect(r.out).toMatch(/Usage: truceline assurance/);
    }
  });

  it('verifies the RFC 8032 known answer (test 1: the empty message)', async () => {
    const text = file('empty.txt', '');
    const key = Buffer.from(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      'hex',
    ).toString('base64');
    const signature = Buffer.from(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      'hex',
    ).toString('base64');
    const ok = await cli([
      'assurance',
      'verify',
      '--text',
      text,
      '--signature',
      signature,
      '--key',
      key,
    ]);
    expect(ok.code, ok.err).toBe(EXIT.ok);
    expect(ok.out).toMatch(/^valid: signed by key [0-9a-f]{64} \(0 bytes\)$/);
    const one = file('one.txt', 'x');
    const bad = await cli([
      'assurance',
      'verify',
      '--text',
      one,
      '--signature',
      signature,
      '--key',
      key,
    ]);
    expect(bad.code).toBe(EXIT.tampered);
    expect(bad.err).toMatch(/verification FAILED/);
  });

  it('signs a text that then verifies with the raw key or the PEM, and with nothing else', async () => {
    const key = newKey();
    const privateKey = file('party.pem', key.privatePem);
    const text = file('assurance.txt', 'پاکستان طورخم کو تجارت کے لیے کھولے گا۔\n');
    const signed = await cli(['assurance', 'sign', '--text', text, '--private-key', privateKey]);
    expect(signed.code, signed.err).toBe(EXIT.ok);
    expect(signed.out).toBe(key.sign(fs.readFileSync(text)));
    expect(signed.err).toContain(`fingerprint ${key.fingerprint}`);
    expect(signed.err).toContain(`public key ${key.raw}`);
    const signature = signed.out;

    for (const k of [key.raw, key.pem, file('party.pub.pem', key.pem)]) {
      const r = await cli([
        'assurance',
        'verify',
        '--text',
        text,
        '--signature',
        signature,
        '--key',
        k,
      ]);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.out).toContain(key.fingerprint);
    }
    // The signature as a file works too.
    const sigFile = file('assurance.sig', `${signature}\n`);
    expect(
      (await cli(['assurance', 'verify', '--text', text, '--signature', sigFile, '--key', key.raw]))
        .code,
    ).toBe(EXIT.ok);

    // Any byte changed, or another key: exit 6.
    const bytes = fs.readFileSync(text);
    for (const at of [0, 7, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 1;
      const r = await cli([
        'assurance',
        'verify',
        '--text',
        file('changed.txt', changed),
        '--signature',
        signature,
        '--key',
        key.raw,
      ]);
      expect(r.code).toBe(EXIT.tampered);
    }
    const other = newKey();
    expect(
      (
        await cli([
          'assurance',
          'verify',
          '--text',
          text,
          '--signature',
          signature,
          '--key',
          other.raw,
        ])
      ).code,
    ).toBe(EXIT.tampered);
  });

  it('refuses malformed keys, signatures and inputs with exit 2', async () => {
    const key = newKey();
    const text = file('t.txt', 'hello');
    const signature = key.sign('hello');
    const usage = async (args: string[], message: RegExp) => {
      const r = await cli(['assurance', ...args]);
      expect(r.code, r.err).toBe(EXIT.usage);
      expect(r.err).toMatch(message);
    };
    await usage(['verify', '--text', text, '--signature', signature, '--key', 'nonsense'], /--key/);
    await usage(
      ['verify', '--text', text, '--signature', signature, '--key', key.privatePem],
      /private key/,
    );
    await usage(
      [
        'verify',
        '--text',
        text,
        '--signature',
        signature,
        '--key',
        Buffer.alloc(32).toString('base64'),
      ],
      /weak/,
    );
    await usage(['verify', '--text', text, '--signature', 'abc', '--key', key.raw], /--signature/);
    await usage(
      [
        'verify',
        '--text',
        path.join(dir, 'missing.txt'),
        '--signature',
        signature,
        '--key',
        key.raw,
      ],
      /Cannot read/,
    );
    await usage(['verify', '--text', text, '--key', key.raw], /signature/);
    const notEd = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = file('ec.pem', notEd.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await usage(['sign', '--text', text, '--private-key', ecPem], /not an Ed25519 key/);
    await usage(['sign', '--text', text, '--private-key', text], /not a private key/);
    await usage(
      [
        'sign',
        '--text',
        file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9])),
        '--private-key',
        file('k.pem', key.privatePem),
      ],
      /not UTF-8/,
    );
  });

  it('writes the canonical statement a party signs for a commitment', async () => {
    const commitmentText = 'Pakistan reopens Torkham to trade once the conditions are met.';
    const out = path.join(dir, 'statement.json');
    const r = await cli([
      'assurance',
      'statement',
      '--commitment-id',
      '6f1c7a56-54d5-4c8e-9d51-0d0e1b4a6b1f',
      '--commitment-text',
      file('commitment.txt', commitmentText),
      '--statement',
      'Islamabad gives its word.',
      '--signed-at',
      '2025-11-10T09:00:00Z',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(EXIT.ok);
    const written = fs.readFileSync(out, 'utf8');
    expect(parseAssuranceStatement(written)).toEqual({
      ok: true,
      value: {
        commitmentId: '6f1c7a56-54d5-4c8e-9d51-0d0e1b4a6b1f',
        text: commitmentText,
        statement: 'Islamabad gives its word.',
        signedAt: '2025-11-10T09:00:00Z',
      },
    });
    const bad = await cli([
      'assurance',
      'statement',
      '--commitment-id',
      'x',
      '--commitment-text',
      file('c2.txt', 'x'),
      '--statement',
      'y',
      '--signed-at',
      'yesterday',
      '--out',
      out,
    ]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(/RFC 3339/);
    // Offline: no data directory was opened or created.
    expect(fs.existsSync(path.join(dir, 'no-such-dir'))).toBe(false);
  });
});
