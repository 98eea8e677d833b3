/**
 * Witnesses end to end: keys made and registered by the CLI; a witness cosigning a growing log
 * through the public API; the log serving and counting cosignatures; forged cosignatures refused
 * with nothing stored; and the witness refusing a rollback, a split view and a bad consistency
 * proof, keeping proof of the split view.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cosignatureNoteSigner,
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatCheckpoint,
  formatVerifierKey,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  signNote,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  verifyNote,
  type Ed25519Signer,
  type NoteVerifierKey,
} from '@truceline/domain';
import {
  directoryStateStore,
  witnessOnce,
  WitnessError,
  witnessVerifierKey,
  type WitnessConfig,
  type WitnessFetch,
  type WitnessOutcome,
} from '../../src/clients/witness.ts';
import { runCli } from '../../src/cli/main.ts';
import { runWitnessLoop } from '../../src/cli/witness.command.ts';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { createContainer } from '../../src/composition-root.ts';
import { parseConfig } from '../../src/config/config.ts';
import { logCheckpoints, logCosignatures } from '../../src/platform/database/schema/index.ts';
import {
  nodeHasher,
  nodeVerifier,
  signingKeyFrom,
} from '../../src/platform/secrets/log-signing-key.ts';
import { findOrganisationByShortName } from '../../src/features/users/users.repository.ts';
import { backends } from '../support/test-db.ts';
import {
  asSession,
  createTestApp,
  demoAccount,
  signIn,
  type TestContext,
} from '../support/test-app.ts';
import { injectFetch, TEST_ORIGIN } from '../support/inject-fetch.ts';

const LOG_URL = `${TEST_ORIGIN}/api/v1/log`;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh Ed25519 key: the signer and its PEM. */
function newKey(): { signer: Ed25519Signer; pem: string } {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    signer: signingKeyFrom(privateKey).signer,
    pem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
  };
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { TRUCELINE_LOG_LEVEL: 'silent', ...env },
    stdin: Readable.from(['']),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('truceline witness keygen and register (CLI, embedded database)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('truceline-witness-cli-');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes a key, registers it with a log entry, and lists it after the log key', async () => {
    const dataDir = path.join(dir, 'data');
    const keyFile = path.join(dir, 'witness.pem');
    const env = { TRUCELINE_DEMO_PASSWORD: 'correct-horse-battery-staple' };
    expect((await cli(['--data-dir', dataDir, 'demo', 'load'], env)).code).toBe(EXIT.ok);

    const made = await cli([
      'witness',
      'keygen',
      '--name',
      'witness.pk.example/w1',
      '--out',
      keyFile,
    ]);
    expect(made.code).toBe(EXIT.ok);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const vkey = made.out.trim();
    const key = parseVerifierKey(nodeHasher, vkey);
    expect(key).toMatchObject({
      name: 'witness.pk.example/w1',
      type: SIGNATURE_TYPE_COSIGNATURE_V1,
    });
    const pem = crypto.createPrivateKey(fs.readFileSync(keyFile));
    expect(signingKeyFrom(pem).publicKey).toEqual(key.publicKey);
    // Never overwrites a key.
    const again = await cli(['witness', 'keygen', '--name', 'x', '--out', keyFile]);
    expect(again.code).toBe(EXIT.conflict);
    expect(signingKeyFrom(crypto.createPrivateKey(fs.readFileSync(keyFile))).publicKey).toEqual(
      key.publicKey,
    );

    const reg = ['--data-dir', dataDir, 'witness', 'register', '--name', key.name, '--vkey', vkey];
    const registered = await cli([...reg, '--org', 'PAK']);
    expect(registered.code, registered.err).toBe(EXIT.ok);
    expect(registered.out).toMatch(/Registered required witness witness\.pk\.example\/w1 \(PAK\)/);
    expect((await cli(reg)).code).toBe(EXIT.conflict);
    expect((await cli([...reg.slice(0, -4), '--name', 'other', '--vkey', vkey])).code).toBe(
      EXIT.usage,
    );
    expect((await cli([...reg, '--org', 'nope'])).code).toBe(EXIT.notFound);
    const bad = await cli([...reg.slice(0, -2), '--vkey', 'not-a-key']);
    expect(bad.code).toBe(EXIT.usage);

    const listed = await cli(['--data-dir', dataDir, 'witness', 'list', '--json']);
    expect(JSON.parse(listed.out)).toMatchObject([
      { name: key.name, verifierKey: vkey, required: true },
    ]);

    const c = await createContainer(
      parseConfig({ TRUCELINE_DATA_DIR: dataDir, TRUCELINE_LOG_LEVEL: 'silent' }),
    );
    try {
      const size = await c.services.sequencer.integrate();
      const entries = await c.services.log.entries(0, size ?? 0);
      const decoded = entries.map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8')));
      const entry = decoded.find((d) => d.action === 'witness.register');
      expect(entry).toMatchObject({ recordType: 'log_witness', recordId: key.name, salted: false });
      const keys = (await c.services.log.keys()).trim().split('\n');
      expect(keys).toHaveLength(2);
      expect(parseVerifierKey(nodeHasher, keys[0]!).type).toBe(SIGNATURE_TYPE_ED25519);
      expect(keys[1]).toBe(vkey);
      const pk = await findOrganisationByShortName(c.database.db, 'PAK');
      expect((await c.services.witnesses.list())[0]?.organisationId).toBe(pk?.id);
    } finally {
      await c.close();
    }
  });

  it('has --help on every witness command', async () => {
    for (const args of [
      ['witness'],
      ...['keygen', 'register', 'list', 'run'].map((c) => ['witness', c]),
    ]) {
      const r = await cli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(EXIT.ok);
      expect(r.out).toMatch(/Usage: truceline witness/);
    }
  });

  it('run --once exits 5 when the log cannot be reached', async () => {
    const keyFile = path.join(dir, 'w2.pem');
    const made = await cli(['witness', 'keygen', '--name', 'w2', '--out', keyFile]);
    const logKey = formatVerifierKey(
      ed25519VerifierKey(nodeHasher, 'x/log', newKey().signer.publicKey),
    );
    expect(made.code).toBe(EXIT.ok);
    const r = await cli([
      'witness',
      'run',
      '--once',
      '--log',
      'http://127.0.0.1:1/api/v1/log',
      '--log-key',
      logKey,
      '--key',
      keyFile,
      '--name',
      'w2',
      '--state',
      path.join(dir, 'state-w2'),
    ]);
    expect(r.code).toBe(EXIT.unavailable);
    expect(r.err).toMatch(/cannot reach/);
    const usage = await cli([
      'witness',
      'run',
      '--once',
      '--log',
      'http://127.0.0.1:1',
      '--log-key',
      made.out.trim(),
      '--key',
      keyFile,
      '--name',
      'w2',
      '--state',
      path.join(dir, 'state-w2'),
    ]);
    expect(usage.code).toBe(EXIT.usage);
    expect(usage.err).toMatch(/Ed25519 key \(type 0x01\)/);
  });
});

for (const backend of await backends()) {
  describe(`witnesses (${backend.name})`, () => {
    let t: TestContext;
    let dir: string;
    let logKeyFile: string;
    let logSigner: Ed25519Signer;
    let logKey: NoteVerifierKey;
    let admin: Awaited<ReturnType<typeof signIn>>;

    // Witnesses of the two parties (required) and of an observer (optional).
    const pk = newKey();
    const af = newKey();
    const ob = newKey();
    const pkKey = witnessVerifierKey(nodeHasher, 'witness.pk.example/w', pk.signer.publicKey);
    const afKey = witnessVerifierKey(nodeHasher, 'witness.af.example/w', af.signer.publicKey);
    const obKey = witnessVerifierKey(nodeHasher, 'witness.observer.example/w', ob.signer.publicKey);

    beforeAll(async () => {
      dir = tempDir('truceline-witness-');
      const key = newKey();
      logSigner = key.signer;
      logKeyFile = path.join(dir, 'log-key.pem');
      fs.writeFileSync(logKeyFile, key.pem, { mode: 0o600 });
      t = await createTestApp(backend, { env: { TRUCELINE_LOG_KEY_FILE: logKeyFile } });
      await t.services.sequencer.integrate();
      const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).body;
      logKey = parseVerifierKey(nodeHasher, keys.split('\n')[0]!);
      admin = await signIn(t.app, demoAccount('admin').email);
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Makes `n` changes through the API and integrates them: the log grows. */
    async function grow(n = 2): Promise<number> {
      for (let i = 0; i < n; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: asSession(admin),
          payload: { name: `growth ${i}`, scopes: ['read'], expiresInDays: 1 },
        });
        expect(res.statusCode).toBe(201);
      }
      return (await t.services.sequencer.integrate())!;
    }

    const stateDirs: string[] = [];
    function witness(
      signer: Ed25519Signer,
      name: string,
      fetch: WitnessFetch = injectFetch(t.app),
      stateDir = path.join(dir, `state-${stateDirs.length}`),
    ) {
      stateDirs.push(stateDir);
      const config: WitnessConfig = { logUrl: LOG_URL, logKey, name, signer };
      const state = directoryStateStore(stateDir);
      const round = (f: WitnessFetch = fetch) =>
        witnessOnce(config, {
          fetch: f,
          hasher: nodeHasher,
          verifier: nodeVerifier,
          clock: () => new Date(),
          state,
        });
      return { round, state, stateDir };
    }

    /** A fetch that answers some URLs itself and counts posts. */
    function fakeFetch(overrides: (url: string) => string | undefined) {
      const real = injectFetch(t.app);
      const posts: string[] = [];
      const fetch: WitnessFetch = async (url, init) => {
        if (init?.method === 'POST') posts.push(url);
        const body = overrides(url);
        if (body !== undefined) return { ok: true, status: 200, text: async () => body };
        return real(url, init);
      };
      return { fetch, posts };
    }

    const checkpointNote = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint' })).body;
    const cosignatureCount = async () =>
      (await t.database.db.select().from(logCosignatures)).length;
    const post = (checkpoint: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/log/cosignatures', payload: { checkpoint } });

    /** A checkpoint the log never issued, signed with the log's own key. */
    function forgeCheckpoint(size: number, fill = 7): string {
      const text = formatCheckpoint({
        origin: logKey.name,
        treeSize: size,
        rootHash: new Uint8Array(32).fill(fill),
      });
      return signNote(text, [ed25519NoteSigner(nodeHasher, logKey.name, logSigner)]);
    }

    function cosignText(note: string, name: string, signer: Ed25519Signer, keepLog = true) {
      const parsed = parseSignedNote(note);
      return signNote(
        parsed.text,
        [cosignatureNoteSigner(nodeHasher, name, signer, Math.floor(Date.now() / 1000))],
        keepLog ? parsed.signatures.filter((s) => s.name === logKey.name) : [],
      );
    }

    it('registers witnesses; lists them; /keys has the log key first, then the witnesses', async () => {
      const pkOrg = await findOrganisationByShortName(t.database.db, 'PAK');
      for (const [key, required, org] of [
        [pkKey, true, pkOrg?.id ?? null],
        [afKey, true, null],
        [obKey, false, null],
      ] as const) {
        await t.services.witnesses.register(
          { verifierKey: formatVerifierKey(key), organisationId: org, required },
          null,
        );
      }
      // A plain Ed25519 key is not a witness key.
      await expect(
        t.services.witnesses.register(
          { verifierKey: formatVerifierKey(logKey), organisationId: null, required: true },
          null,
        ),
      ).rejects.toMatchObject({ code: 'validation_failed' });

      const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).body;
      expect(keys).toBe(
        [logKey, afKey, obKey, pkKey].map((k) => `${formatVerifierKey(k)}\n`).join(''),
      );
      const listed = await t.app.inject({ method: 'GET', url: '/api/v1/log/witnesses' });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items).toEqual([
        expect.objectContaining({ name: afKey.name, required: true, organisationId: null }),
        expect.objectContaining({ name: obKey.name, required: false }),
        expect.objectContaining({
          name: pkKey.name,
          verifierKey: formatVerifierKey(pkKey),
          organisationId: pkOrg?.id,
          required: true,
        }),
      ]);
    });

    it('a witness cosigns a growing log, and the log serves and counts the cosignatures', async () => {
      const size0 = await grow();
      const status0 = (
        await t.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint/status' })
      ).json();
      expect(status0).toEqual({
        size: size0,
        cosignedBy: [],
        missing: [afKey.name, pkKey.name],
        counts: false,
      });

      const w = witness(pk.signer, pkKey.name);
      const first = await w.round();
      expect(first).toEqual({
        kind: 'cosigned',
        size: size0,
        previousSize: null,
        accepted: [pkKey.name],
      });
      const stateFile = path.join(w.stateDir, 'state.json');
      expect(fs.statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toMatchObject({
        version: 1,
        origin: logKey.name,
        size: size0,
      });

      const size1 = await grow(3);
      expect(size1).toBeGreaterThan(size0);
      expect(await w.round()).toEqual({
        kind: 'cosigned',
        size: size1,
        previousSize: size0,
        accepted: [pkKey.name],
      });
      expect(await w.round()).toEqual({ kind: 'unchanged', size: size1, reposted: false });

      // The served checkpoint is a valid signed note: the log's signature first, then the
      // cosignature, each verifying with its key.
      const note = await checkpointNote();
      const parsed = parseSignedNote(note);
      expect(parsed.signatures.map((s) => s.name)).toEqual([logKey.name, pkKey.name]);
      const verified = verifyNote(note, [logKey, pkKey], nodeVerifier);
      expect(verified.verified.map((v) => v.key)).toEqual([logKey, pkKey]);
      expect(parseCheckpoint(verified.text).treeSize).toBe(size1);

      // The other required witness cosigns: the checkpoint now counts.
      const wAf = witness(af.signer, afKey.name);
      expect((await wAf.round()).kind).toBe('cosigned');
      const status = await t.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint/status' });
      expect(status.json()).toEqual({
        size: size1,
        cosignedBy: [pkKey.name, afKey.name].sort(),
        missing: [],
        counts: true,
      });
      expect(
        verifyNote(await checkpointNote(), [logKey, pkKey, afKey, obKey], nodeVerifier).verified,
      ).toHaveLength(3);

      // A lost post is made good on the next round (same tree, cosignature not served).
      await t.database.db.delete(logCosignatures).where(eq(logCosignatures.witness, pkKey.name));
      expect(await w.round()).toEqual({ kind: 'unchanged', size: size1, reposted: true });
      expect(parseSignedNote(await checkpointNote()).signatures.map((s) => s.name)).toContain(
        pkKey.name,
      );
    });

    it('posting the same cosignature twice stores it once', async () => {
      const note = cosignText(await checkpointNote(), obKey.name, ob.signer);
      const before = await cosignatureCount();
      const first = await post(note);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ accepted: [obKey.name] });
      expect((await post(note)).statusCode).toBe(200);
      expect(await cosignatureCount()).toBe(before + 1);
    });

    it('refuses forged cosignatures with a 4xx problem, storing nothing', async () => {
      const latest = await checkpointNote();
      const size = parseCheckpoint(parseSignedNote(latest).text).treeSize;
      const stranger = newKey().signer;
      const before = await cosignatureCount();
      const cases: [string, string, number][] = [
        ['unregistered key', cosignText(latest, 'witness.stranger/w', stranger), 400],
        // A registered witness's name, another key: the key ID does not match, so it is unknown.
        ['wrong key, registered name', cosignText(latest, pkKey.name, stranger), 400],
        // A registered witness's name and key ID, a signature by another key.
        [
          'bad signature',
          signNote(
            parseSignedNote(latest).text,
            [{ ...cosignatureNoteSigner(nodeHasher, pkKey.name, stranger, 1), keyId: pkKey.keyId }],
            parseSignedNote(latest).signatures.slice(0, 1),
          ),
          400,
        ],
        // A real witness cosigning a checkpoint the log never issued for this size.
        [
          'different checkpoint text',
          cosignText(forgeCheckpoint(size), afKey.name, af.signer, false),
          409,
        ],
        [
          'size never published',
          cosignText(forgeCheckpoint(size + 1000), afKey.name, af.signer, false),
          409,
        ],
        [
          'another log',
          signNote(
            formatCheckpoint({
              origin: 'other.example/log',
              treeSize: size,
              rootHash: new Uint8Array(32),
            }),
            [cosignatureNoteSigner(nodeHasher, afKey.name, af.signer, 1)],
          ),
          400,
        ],
        ['only the log signature', latest.split('\n').slice(0, 5).join('\n') + '\n', 400],
        ['not a note', 'hello', 400],
      ];
      for (const [what, note, status] of cases) {
        const res = await post(note);
        expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
        expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
        expect(res.json().code, what).toBe(status === 409 ? 'conflict' : 'validation_failed');
      }
      // The log's signature of the real checkpoint, moved onto another text, fails: the whole
      // note is refused even beside a valid cosignature.
      const withBadLogSig = signNote(
        parseSignedNote(forgeCheckpoint(size)).text,
        [cosignatureNoteSigner(nodeHasher, afKey.name, af.signer, 1)],
        parseSignedNote(latest).signatures.slice(0, 1),
      );
      const badLog = await post(withBadLogSig);
      expect(badLog.statusCode).toBe(400);
      expect(badLog.json().detail).toMatch(/does not verify/);
      const tooBig = await t.app.inject({
        method: 'POST',
        url: '/api/v1/log/cosignatures',
        payload: { checkpoint: 'x'.repeat(40_000) },
      });
      expect(tooBig.statusCode).toBe(413);
      expect(await cosignatureCount()).toBe(before);
      // The served note still verifies with every key.
      verifyNote(await checkpointNote(), [logKey, pkKey, afKey, obKey], nodeVerifier);
    });

    it('a witness refuses a rollback, posting nothing and keeping its state', async () => {
      const w = witness(pk.signer, pkKey.name);
      expect((await w.round()).kind).toBe('cosigned');
      const size0 = await grow();
      expect((await w.round()).kind).toBe('cosigned');
      const saved = fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8');
      // An older checkpoint, genuinely signed by the log.
      const [older] = await t.database.db
        .select()
        .from(logCheckpoints)
        .where(eq(logCheckpoints.size, size0 - 2));
      expect(older).toBeDefined();
      const fake = fakeFetch((url) => (url.endsWith('/checkpoint') ? older!.note : undefined));
      const outcome = await w.round(fake.fetch);
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'rollback' });
      expect((outcome as Extract<WitnessOutcome, { kind: 'refused' }>).message).toMatch(
        new RegExp(`size ${size0 - 2}, smaller than size ${size0}`),
      );
      expect(fake.posts).toEqual([]);
      expect(fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8')).toBe(saved);
    });

    it('a witness detects a split view, keeps both notes as proof, and refuses until cleared', async () => {
      const w = witness(af.signer, afKey.name);
      await w.round();
      const size = await grow();
      expect(await w.round()).toMatchObject({ kind: 'cosigned', size });
      const saved = fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8');
      const forged = forgeCheckpoint(size);
      const fake = fakeFetch((url) => (url.endsWith('/checkpoint') ? forged : undefined));
      const outcome = await w.round(fake.fetch);
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'split_view' });
      const evidence = (outcome as Extract<WitnessOutcome, { kind: 'refused' }>).evidence!;
      expect(path.basename(evidence)).toMatch(
        new RegExp(`^split-view-${size}-\\d{8}T\\d{6}Z\\.txt$`),
      );
      const proof = fs.readFileSync(evidence, 'utf8');
      const cosignedBefore = JSON.parse(saved).checkpoint as string;
      expect(proof).toContain(cosignedBefore);
      expect(proof).toContain(forged);
      // Both are signed by the log: the proof stands on its own.
      verifyNote(forged, [logKey], nodeVerifier);
      verifyNote(cosignedBefore, [logKey], nodeVerifier);
      expect(fake.posts).toEqual([]);
      expect(fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8')).toBe(saved);

      // Sticky: even the honest checkpoint is refused while the proof is on record.
      const next = await w.round();
      expect(next).toMatchObject({ kind: 'refused', reason: 'split_view_on_record', evidence });
      fs.renameSync(evidence, path.join(dir, 'investigated.txt'));
      expect(await w.round()).toMatchObject({ kind: 'unchanged', size });
    });

    it('a witness refuses a checkpoint the log cannot prove consistent', async () => {
      const w = witness(ob.signer, obKey.name);
      expect((await w.round()).kind).toBe('cosigned');
      const saved = fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8');
      const size = await grow();
      const tamper = (hashes: string[]) =>
        hashes.map((h, i) => (i === 0 ? Buffer.alloc(32, 1).toString('base64') : h));
      const variants: [string, (url: string, real: string) => string | undefined][] = [
        [
          'a tampered proof hash',
          (_u, real) =>
            JSON.stringify({ ...JSON.parse(real), hashes: tamper(JSON.parse(real).hashes) }),
        ],
        [
          'a proof missing a hash',
          (_u, real) =>
            JSON.stringify({ ...JSON.parse(real), hashes: JSON.parse(real).hashes.slice(1) }),
        ],
        ['not JSON', () => 'oops'],
      ];
      for (const [what, rewrite] of variants) {
        const real = injectFetch(t.app);
        const posts: string[] = [];
        const fetch: WitnessFetch = async (url, init) => {
          if (init?.method === 'POST') posts.push(url);
          const res = await real(url, init);
          if (!url.includes('/proof/consistency')) return res;
          const body = rewrite(url, await res.text())!;
          return { ok: true, status: 200, text: async () => body };
        };
        const outcome = await w.round(fetch);
        expect(outcome, what).toMatchObject({ kind: 'refused', reason: 'inconsistent' });
        expect(posts, what).toEqual([]);
      }
      // A larger checkpoint signed by the log but not extending the old tree: the real proof fails.
      const forged = forgeCheckpoint(size, 3);
      const fake = fakeFetch((url) => (url.endsWith('/checkpoint') ? forged : undefined));
      expect(await w.round(fake.fetch)).toMatchObject({ kind: 'refused', reason: 'inconsistent' });
      expect(fake.posts).toEqual([]);
      expect(fs.readFileSync(path.join(w.stateDir, 'state.json'), 'utf8')).toBe(saved);
      // With an honest log the witness carries on.
      expect(await w.round()).toMatchObject({ kind: 'cosigned', size });
    });

    it('the loop retries an unreachable log, stops with 0 when told, and with 6 on a refusal', async () => {
      const stateDir = path.join(dir, 'loop-state');
      const real = injectFetch(t.app);
      let calls = 0;
      const flaky: WitnessFetch = async (url, init) => {
        if (calls++ === 0) throw new Error('connection refused');
        return real(url, init);
      };
      const config: WitnessConfig = {
        logUrl: LOG_URL,
        logKey,
        name: obKey.name,
        signer: ob.signer,
      };
      const deps = (fetch: WitnessFetch) => ({
        fetch,
        hasher: nodeHasher,
        verifier: nodeVerifier,
        clock: () => new Date(),
        state: directoryStateStore(stateDir),
      });
      const out: string[] = [];
      const err: string[] = [];
      const stop = new AbortController();
      const code = await runWitnessLoop(config, deps(flaky), {
        intervalMs: 5,
        signal: stop.signal,
        io: {
          out: (line) => {
            out.push(line);
            stop.abort();
          },
          err: (line) => err.push(line),
        },
      });
      expect(code).toBe(EXIT.ok);
      expect(err[0]).toMatch(/cannot reach .*connection refused; will retry/);
      expect(out[0]).toMatch(/cosigned the checkpoint of size \d+/);

      const size = parseCheckpoint(parseSignedNote(await checkpointNote()).text).treeSize;
      const forged = forgeCheckpoint(size, 9);
      const fake = fakeFetch((url) => (url.endsWith('/checkpoint') ? forged : undefined));
      const refused = await runWitnessLoop(config, deps(fake.fetch), {
        intervalMs: 5,
        signal: new AbortController().signal,
        io: { out: () => undefined, err: (line) => err.push(line) },
      });
      expect(refused).toBe(EXIT.tampered);
      expect(err.at(-1)).toMatch(/REFUSED: split view/);
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it('a witness refuses a checkpoint not signed by the pinned log key', async () => {
      const w = witness(newKey().signer, 'witness.unregistered/w');
      const impostor = newKey().signer;
      const text = parseSignedNote(await checkpointNote()).text;
      const note = signNote(text, [ed25519NoteSigner(nodeHasher, logKey.name, impostor)]);
      const fake = fakeFetch((url) => (url.endsWith('/checkpoint') ? note : undefined));
      await expect(w.round(fake.fetch)).rejects.toMatchObject({ code: 'bad_checkpoint' });
      expect(fs.existsSync(path.join(w.stateDir, 'state.json'))).toBe(false);
      // An unregistered witness's cosignature is refused by the log.
      const err = await w.round().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WitnessError);
      expect(err).toMatchObject({ code: 'rejected' });
    });

    it('`truceline witness run --once` over HTTP: cosigns, then exits 6 on a split view naming the file', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address() as { port: number };
      const url = `http://127.0.0.1:${address.port}/api/v1/log`;
      const keyFile = path.join(dir, 'pk-cli.pem');
      fs.writeFileSync(keyFile, pk.pem, { mode: 0o600 });
      const state = path.join(dir, 'cli-state');
      const args = [
        'witness',
        'run',
        '--once',
        '--log',
        url,
        '--log-key',
        formatVerifierKey(logKey),
        '--key',
        keyFile,
        '--name',
        pkKey.name,
        '--state',
        state,
      ];
      const first = await cli(args);
      expect(first.code, first.err).toBe(EXIT.ok);
      expect(first.out).toMatch(/cosigned the checkpoint of size \d+ \(first use/);
      expect((await cli(args)).out).toMatch(/still at size/);

      // Someone rewrites the latest checkpoint behind the service's back: a split view.
      const size = parseCheckpoint(parseSignedNote(await checkpointNote()).text).treeSize;
      await t.database.db
        .update(logCheckpoints)
        .set({ note: forgeCheckpoint(size, 5) })
        .where(eq(logCheckpoints.size, size));
      const split = await cli(args);
      expect(split.code).toBe(EXIT.tampered);
      expect(split.err).toMatch(/split view/);
      const file = /(\S+split-view-\S+\.txt)/.exec(split.err)?.[1];
      expect(file && fs.existsSync(file)).toBe(true);
      const again = await cli(args);
      expect(again.code).toBe(EXIT.tampered);
      expect(again.err).toContain(file!);
    });
  });
}
