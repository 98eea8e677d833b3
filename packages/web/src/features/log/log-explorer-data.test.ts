/**
 * The log explorer's checks against a fake log API: a real tree, a checkpoint signed by the log and
 * cosigned by witnesses (real Ed25519 via @noble/curves), and a server that can lie.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  cosignatureNoteSigner,
  cosignerVerifierKey,
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatCheckpoint,
  formatVerifierKey,
  inclusionProof,
  leafHash,
  parseCheckpoint,
  rootHash,
  signNote,
  type NoteSigner,
} from '@truceline/domain/log/index';
import { encodeBase64, encodeUtf8 } from '@truceline/domain/log/bytes';
import { encodeLogEntry, type LogEntry } from '@truceline/domain/record/log-entry';
import { browserHasher as hasher, browserLogCrypto as crypto } from '../../platform/log-crypto.ts';
import {
  decodeEntryFields,
  loadCheckpointReport,
  loadEntries,
  pageRange,
  recordHref,
  verifyEntryInclusion,
  type ExplorerGet,
} from './log-explorer-data.ts';

const ORIGIN = 'truceline.test/truceline-log';
const COSIGNED_AT = 1_762_000_000;
const SIGNED_AT = 'Sat, 01 Nov 2025 12:26:40 GMT';

function keyPair() {
  const { secretKey, publicKey } = ed25519.keygen();
  return { publicKey, signEd25519: (m: Uint8Array) => ed25519.sign(m, secretKey) };
}

function fakeLog() {
  const log = keyPair();
  const logKey = ed25519VerifierKey(hasher, ORIGIN, log.publicKey);
  const witnesses = ['witness.pk', 'witness.tr', 'witness.qa'].map((name) => {
    const pair = keyPair();
    return { name, pair, key: cosignerVerifierKey(hasher, name, pair.publicKey) };
  });
  const stranger = keyPair();
  const entries = Array.from({ length: 5 }, (_, i) => {
    const entry: LogEntry = {
      v: 1,
      action: i === 3 ? 'complaint.transition' : 'crossing.create',
      actor: null,
      organisation: null,
      time: `2025-10-20T00:00:0${i}.000Z`,
      recordType: i === 3 ? 'complaint' : 'crossing',
      recordId: `record-${i}`,
      commitment: '00'.repeat(32),
      salted: i === 3,
    };
    return encodeLogEntry(entry);
  });
  const leaves = entries.map((e) => leafHash(hasher, e));
  const text = formatCheckpoint({
    origin: ORIGIN,
    treeSize: entries.length,
    rootHash: rootHash(hasher, leaves),
  });
  const cosigner = (w: (typeof witnesses)[number]): NoteSigner =>
    cosignatureNoteSigner(hasher, w.name, w.pair, COSIGNED_AT);
  const [pk, tr] = witnesses;
  const note = signNote(text, [
    ed25519NoteSigner(hasher, ORIGIN, log),
    cosigner(pk!),
    cosigner(tr!),
    // A cosignature by a key the log does not list.
    cosignatureNoteSigner(hasher, 'witness.unknown', stranger, COSIGNED_AT),
  ]);
  const routes = new Map<string, { status: number; text: string; lastModified?: string }>();
  const json = (body: unknown) => ({ status: 200, text: JSON.stringify(body) });
  routes.set('/log/keys', {
    status: 200,
    text: [logKey, ...witnesses.map((w) => w.key)].map((k) => `${formatVerifierKey(k)}\n`).join(''),
  });
  routes.set('/log/checkpoint', { status: 200, text: note, lastModified: SIGNED_AT });
  routes.set(
    '/log/witnesses',
    json({ items: witnesses.map((w) => ({ name: w.name, required: w.name !== 'witness.tr' })) }),
  );
  routes.set(
    '/log/entries?start=1&end=5',
    json({
      items: entries.slice(1).map((e, i) => ({ index: i + 1, entry: encodeBase64(e) })),
    }),
  );
  entries.forEach((_, i) => {
    routes.set(
      `/log/proof/inclusion?index=${i}&treeSize=${entries.length}`,
      json({ hashes: inclusionProof(hasher, leaves, i).map(encodeBase64) }),
    );
  });
  const get: ExplorerGet = async (path) => routes.get(path) ?? { status: 404, text: '' };
  return { get, routes, note, text, entries, witnesses };
}

describe('the latest checkpoint and its cosignatures', () => {
  it('verifies the log signature and each cosignature, and names missing required witnesses', async () => {
    const log = fakeLog();
    const result = await loadCheckpointReport(log.get, crypto);
    if (result.state !== 'ok') throw new Error(`not ok: ${JSON.stringify(result)}`);
    const { report } = result;
    expect(report.view.checkpoint.treeSize).toBe(5);
    expect(report.signedAt).toBe('2025-11-01T12:26:40.000Z');
    expect(report.cosignatures).toEqual([
      {
        name: 'witness.pk',
        required: true,
        state: 'verified',
        time: new Date(COSIGNED_AT * 1000).toISOString(),
      },
      {
        name: 'witness.tr',
        required: false,
        state: 'verified',
        time: new Date(COSIGNED_AT * 1000).toISOString(),
      },
      { name: 'witness.unknown', required: false, state: 'unknown_key' },
    ]);
    expect(report.missing).toEqual(['witness.qa']);
  });

  it('reports a forged cosignature as invalid, and keeps the others', async () => {
    const log = fakeLog();
    const forger = keyPair();
    const [, , qa] = log.witnesses;
    // A line in the name and key ID of witness.qa, signed with another key.
    const forged = signNote(
      log.text,
      [cosignatureNoteSigner(hasher, 'witness.qa', forger, COSIGNED_AT)],
      [],
    ).split('\n\n')[1]!;
    const withQaKeyId = forged.replace(
      /^(\u2014 witness\.qa )(\S+)/,
      (_all, head: string, sig: string) => {
        const bytes = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
        new DataView(bytes.buffer).setUint32(0, qa!.key.keyId);
        return head + encodeBase64(bytes);
      },
    );
    log.routes.set('/log/checkpoint', { status: 200, text: log.note + withQaKeyId });
    const result = await loadCheckpointReport(log.get, crypto);
    if (result.state !== 'ok') throw new Error(`not ok: ${JSON.stringify(result)}`);
    expect(result.report.cosignatures.map((c) => [c.name, c.state])).toEqual([
      ['witness.pk', 'verified'],
      ['witness.tr', 'verified'],
      ['witness.unknown', 'unknown_key'],
      ['witness.qa', 'invalid'],
    ]);
    expect(result.report.missing).toEqual(['witness.qa']);
    expect(result.report.signedAt).toBeUndefined();
  });

  it('fails as the log view does when the checkpoint is not signed by the log', async () => {
    const log = fakeLog();
    log.routes.set('/log/checkpoint', {
      status: 200,
      text: log.note.replace(/\n5\n/, '\n6\n'),
    });
    expect(await loadCheckpointReport(log.get, crypto)).toMatchObject({
      state: 'failed',
      reason: 'bad_checkpoint',
    });
  });
});

describe('entries and their inclusion', () => {
  it('decodes entries from their bytes and verifies their inclusion in the signed tree', async () => {
    const log = fakeLog();
    const loaded = await loadEntries(log.get, 1, 5);
    if (loaded.state !== 'ok') throw new Error(loaded.detail);
    expect(loaded.entries.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(loaded.entries[2]?.fields).toEqual({
      action: 'complaint.transition',
      recordType: 'complaint',
      recordId: 'record-3',
      time: '2025-10-20T00:00:03.000Z',
      salted: true,
    });
    const checkpoint = parseCheckpoint(log.text);
    for (const entry of loaded.entries) {
      expect(await verifyEntryInclusion(log.get, hasher, checkpoint, entry)).toMatchObject({
        state: 'verified',
        treeSize: 5,
      });
    }
  });

  it('refuses bytes the tree does not hold, and proofs that are not base64', async () => {
    const log = fakeLog();
    const checkpoint = parseCheckpoint(log.text);
    const forged = { index: 2, bytes: encodeUtf8('{"v":1}') };
    expect(await verifyEntryInclusion(log.get, hasher, checkpoint, forged)).toMatchObject({
      state: 'failed',
      reason: 'bad_proof',
    });
    log.routes.set('/log/proof/inclusion?index=1&treeSize=5', {
      status: 200,
      text: JSON.stringify({ hashes: ['not base64!'] }),
    });
    const entry = { index: 1, bytes: log.entries[1]! };
    expect(await verifyEntryInclusion(log.get, hasher, checkpoint, entry)).toMatchObject({
      state: 'failed',
      reason: 'bad_response',
    });
    log.routes.delete('/log/proof/inclusion?index=1&treeSize=5');
    expect(await verifyEntryInclusion(log.get, hasher, checkpoint, entry)).toMatchObject({
      state: 'failed',
      reason: 'unreachable',
    });
  });

  it('leaves bytes that are not a record entry undecoded', () => {
    expect(decodeEntryFields(encodeUtf8('not json'))).toBeUndefined();
    expect(decodeEntryFields(encodeUtf8('{"action":"x"}'))).toBeUndefined();
  });

  it('pages newest first, and links the records that have a page', () => {
    expect(pageRange(45, 0, 20)).toEqual({ start: 25, end: 45 });
    expect(pageRange(45, 2, 20)).toEqual({ start: 0, end: 5 });
    expect(pageRange(0, 0, 20)).toEqual({ start: 0, end: 0 });
    expect(recordHref('complaint', 'a b')).toBe('/complaints/a%20b');
    expect(recordHref('user', 'x')).toBeUndefined();
  });
});
