/**
 * The browser's record verification against a fake log API: a real tree, real Ed25519 signatures
 * (made with @noble/curves, checked by the web app's adapters), and a server that can lie.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatCheckpoint,
  formatVerifierKey,
  inclusionProof,
  leafHash,
  rootHash,
  signNote,
} from '@truceline/domain/log/index';
import { encodeBase64 } from '@truceline/domain/log/bytes';
import {
  canonicalJson,
  encodeLogEntry,
  recordCommitment,
  type LogEntry,
} from '@truceline/domain/record/log-entry';
import { browserHasher as hasher, browserLogCrypto as crypto } from '../../platform/log-crypto.ts';
import {
  createLogViewSource,
  verifyRecord,
  type LogGet,
  type LogKeyPin,
  type RecordToVerify,
} from './verify-record.ts';

const ORIGIN = 'truceline.test/truceline-log';

const CROSSING = {
  id: '7d1c0f7e-0000-4000-8000-000000000001',
  name: 'Torkham',
  description: { en: 'Main crossing on the Kabul–Peshawar road.' },
  latitude: 34.1,
  longitude: 71.1,
  status: 'open',
  demo: true,
  history: [{ status: 'open', reason: { en: 'Reopened.' }, effectiveOn: '2025-10-20' }],
};
const ROUND = {
  id: '7d1c0f7e-0000-4000-8000-000000000002',
  agreementId: null,
  name: { en: 'Round 1, Doha' },
  place: 'Doha',
  startsOn: '2025-10-18',
  endsOn: '2025-10-19',
  outcome: { en: 'Ceasefire agreed.' },
  demo: true,
};

function newKey(name = ORIGIN) {
  const { secretKey, publicKey } = ed25519.keygen();
  return {
    vkey: formatVerifierKey(ed25519VerifierKey(hasher, name, publicKey)),
    signer: ed25519NoteSigner(hasher, name, {
      publicKey,
      signEd25519: (message) => ed25519.sign(message, secretKey),
    }),
  };
}

interface Logged {
  readonly type: string;
  readonly id: string;
  readonly record: unknown;
}

/**
 * An honest log server holding `logged` (one entry each, in order, plus unrelated entries before
 * them), as a route table the tests may then corrupt.
 */
function fakeLog(logged: readonly Logged[]) {
  const key = newKey();
  const all: Logged[] = [
    { type: 'organisation', id: 'org-1', record: { name: 'Secretariat' } },
    ...logged,
    { type: 'user', id: 'user-1', record: { email: 'someone@example.test' } },
  ];
  const entries = all.map((l, i) => {
    const entry: LogEntry = {
      v: 1,
      action: `${l.type}.create`,
      actor: null,
      organisation: null,
      time: `2025-10-20T00:00:0${i}.000Z`,
      recordType: l.type,
      recordId: l.id,
      commitment: recordCommitment(hasher, l.record),
      salted: false,
    };
    return encodeLogEntry(entry);
  });
  const leaves = entries.map((e) => leafHash(hasher, e));
  const treeSize = entries.length;
  const checkpoint = signNote(
    formatCheckpoint({ origin: ORIGIN, treeSize, rootHash: rootHash(hasher, leaves) }),
    [key.signer],
  );
  const routes = new Map<string, { status: number; text: string }>();
  const json = (body: unknown) => ({ status: 200, text: JSON.stringify(body) });
  routes.set('/log/keys', { status: 200, text: `${key.vkey}\n` });
  routes.set('/log/checkpoint', { status: 200, text: checkpoint });
  all.forEach((l, i) => {
    routes.set(
      `/log/records/${l.type}/${l.id}`,
      json({ items: [{ index: i, action: `${l.type}.create`, time: '2025-10-20T00:00:00.000Z' }] }),
    );
    routes.set(
      `/log/entries?start=${i}&end=${i + 1}`,
      json({ items: [{ index: i, entry: encodeBase64(entries[i]!), decoded: {} }] }),
    );
    routes.set(
      `/log/proof/inclusion?index=${i}&treeSize=${treeSize}`,
      json({
        leafIndex: i,
        treeSize,
        hashes: inclusionProof(hasher, leaves, i).map(encodeBase64),
      }),
    );
    routes.set(
      `/log/openings?start=${i}&end=${i + 1}`,
      json({
        items: [
          {
            index: i,
            recordType: l.type,
            recordId: l.id,
            record: canonicalJson(l.record),
            salt: null,
          },
        ],
      }),
    );
  });
  const calls: string[] = [];
  const get: LogGet = (path) => {
    calls.push(path);
    return Promise.resolve(routes.get(path) ?? { status: 404, text: '{"status":404}' });
  };
  const edit = (path: string, change: (body: Record<string, unknown>) => void) => {
    const route = routes.get(path);
    if (!route) throw new Error(`no route ${path}`);
    const body = JSON.parse(route.text) as Record<string, unknown>;
    change(body);
    routes.set(path, json(body));
  };
  return { routes, get, calls, edit, treeSize, key };
}

function memoryPin(initial?: string): LogKeyPin & { value: string | undefined } {
  return {
    value: initial,
    remembered() {
      return this.value;
    },
    remember(vkey) {
      this.value = vkey;
    },
  };
}

const noWait = () => Promise.resolve();
const crossing: RecordToVerify = { type: 'crossing', id: CROSSING.id, shown: CROSSING };
const round: RecordToVerify = { type: 'talk_round', id: ROUND.id, shown: ROUND };
const logged = [
  { type: 'talk_round', id: ROUND.id, record: ROUND },
  { type: 'crossing', id: CROSSING.id, record: CROSSING },
];

describe('verifyRecord', () => {
  it('verifies a record the log holds exactly as shown, and remembers the key', async () => {
    const log = fakeLog(logged);
    const pin = memoryPin();
    const result = await verifyRecord(log.get, crossing, { crypto, pin, wait: noWait });
    expect(result).toMatchObject({ state: 'verified', index: 2, treeSize: log.treeSize });
    expect(pin.value).toBe(log.key.vkey);
  });

  it('fetches the key and checkpoint once for all records of a page view', async () => {
    const log = fakeLog(logged);
    const source = createLogViewSource(log.get, crypto, { pin: memoryPin() });
    const results = await Promise.all(
      [crossing, round].map((r) => verifyRecord(log.get, r, { crypto, source, wait: noWait })),
    );
    expect(results.map((r) => r.state)).toEqual(['verified', 'verified']);
    expect(log.calls.filter((c) => c === '/log/keys')).toHaveLength(1);
    expect(log.calls.filter((c) => c === '/log/checkpoint')).toHaveLength(1);
  });

  it('fails when a proof hash is tampered with', async () => {
    const log = fakeLog(logged);
    log.edit(`/log/proof/inclusion?index=2&treeSize=${log.treeSize}`, (body) => {
      const hashes = body['hashes'] as string[];
      hashes[0] = encodeBase64(new Uint8Array(32).fill(7));
    });
    const result = await verifyRecord(log.get, crossing, { crypto, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'bad_proof' });
  });

  it('fails when the entry bytes are swapped for another record’s', async () => {
    const log = fakeLog(logged);
    log.routes.set(`/log/records/crossing/${CROSSING.id}`, {
      status: 200,
      text: JSON.stringify({ items: [{ index: 1, action: 'x', time: 't' }] }),
    });
    const result = await verifyRecord(log.get, crossing, { crypto, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'wrong_entry' });
  });

  it('says which fields differ when the page shows something other than the logged record', async () => {
    const log = fakeLog(logged);
    const shown = { ...CROSSING, description: { en: 'Closed for good.' }, status: 'closed' };
    const waits: number[] = [];
    const result = await verifyRecord(
      log.get,
      { ...crossing, shown },
      { crypto, wait: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    expect(result).toMatchObject({ state: 'differs', fields: ['description', 'status'] });
    // Looked twice, in case a change to the record was still being integrated.
    expect(waits).toEqual([1500]);
  });

  it('fails when the opening does not match the logged commitment', async () => {
    const log = fakeLog(logged);
    log.edit('/log/openings?start=2&end=3', (body) => {
      const [opening] = body['items'] as Record<string, unknown>[];
      opening!['record'] = canonicalJson({ ...CROSSING, status: 'closed' });
    });
    const result = await verifyRecord(
      log.get,
      { ...crossing, shown: { ...CROSSING, status: 'closed' } },
      { crypto, wait: noWait },
    );
    expect(result).toMatchObject({ state: 'failed', reason: 'bad_opening' });
  });

  it('says the content was not checked, without failing, when the server withholds the opening', async () => {
    const log = fakeLog(logged);
    // The entry is restricted to others: the server leaves its opening out of the page.
    log.edit('/log/openings?start=2&end=3', (body) => {
      body['items'] = [];
    });
    const waits: number[] = [];
    const result = await verifyRecord(log.get, crossing, {
      crypto,
      wait: (ms) => (waits.push(ms), Promise.resolve()),
    });
    expect(result).toMatchObject({ state: 'withheld', index: 2, treeSize: log.treeSize });
    expect(result).toHaveProperty('rootHash', expect.stringMatching(/^[0-9a-f]{64}$/));
    // Final at once: no wait and retry, as for a record not yet integrated.
    expect(waits).toEqual([]);
  });

  it('is withheld, not verified, whatever the page shows, when the opening is left out', async () => {
    const log = fakeLog(logged);
    log.edit('/log/openings?start=2&end=3', (body) => {
      body['items'] = [];
    });
    const result = await verifyRecord(
      log.get,
      { ...crossing, shown: { ...CROSSING, status: 'closed' } },
      { crypto, wait: noWait },
    );
    expect(result.state).toBe('withheld');
  });

  it('fails when the opening of the entry is there but has no record', async () => {
    const log = fakeLog(logged);
    log.edit('/log/openings?start=2&end=3', (body) => {
      const [opening] = body['items'] as Record<string, unknown>[];
      delete opening!['record'];
    });
    const result = await verifyRecord(log.get, crossing, { crypto, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'bad_opening' });
  });

  it('fails when the checkpoint is signed by a key other than the published one', async () => {
    const log = fakeLog(logged);
    log.routes.set('/log/keys', { status: 200, text: `${newKey().vkey}\n` });
    const pin = memoryPin();
    const result = await verifyRecord(log.get, crossing, { crypto, pin, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'bad_checkpoint' });
    // A key that signed nothing valid is not remembered.
    expect(pin.value).toBeUndefined();
  });

  it('refuses a key other than the one remembered from an earlier visit', async () => {
    const log = fakeLog(logged);
    const earlier = newKey().vkey;
    const pin = memoryPin(earlier);
    const source = createLogViewSource(log.get, crypto, { pin });
    expect(await source.view()).toMatchObject({
      state: 'failed',
      reason: 'key_changed',
      previousKey: earlier,
      presentedKey: log.key.vkey,
    });
    const result = await verifyRecord(log.get, crossing, { crypto, source, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'key_changed' });
    expect(pin.value).toBe(earlier);
  });

  it('waits once for a record not yet integrated, then verifies it', async () => {
    const log = fakeLog(logged);
    const path = `/log/records/crossing/${CROSSING.id}`;
    const integrated = log.routes.get(path)!;
    log.routes.delete(path);
    const result = await verifyRecord(log.get, crossing, {
      crypto,
      wait: () => {
        log.routes.set(path, integrated);
        return Promise.resolve();
      },
    });
    expect(result).toMatchObject({ state: 'verified', index: 2 });
    expect(log.calls.filter((c) => c === path)).toHaveLength(2);
  });

  it('is pending when the record is still not in the log after the retry', async () => {
    const log = fakeLog(logged);
    log.routes.delete(`/log/records/crossing/${CROSSING.id}`);
    const result = await verifyRecord(log.get, crossing, { crypto, wait: noWait });
    expect(result).toEqual({ state: 'pending' });
  });

  it('fails, not throws, when the log cannot be reached', async () => {
    const get: LogGet = () => Promise.reject(new Error('offline'));
    const result = await verifyRecord(get, crossing, { crypto, wait: noWait });
    expect(result).toMatchObject({ state: 'failed', reason: 'unreachable' });
  });
});
