import { describe, expect, it } from 'vitest';
import {
  checkpointCounts,
  cosignatureNoteSigner,
  cosignerVerifierKey,
  ed25519NoteSigner,
  ed25519VerifierKey,
  formatCheckpoint,
  NoteVerificationError,
  parseSignedNote,
  signNote,
} from '../../src/log/index.ts';
import { ed25519, sha256, signerFromSeed } from './crypto-helpers.ts';

const logSigner = signerFromSeed(new Uint8Array(32).fill(1));
const pk = signerFromSeed(new Uint8Array(32).fill(2));
const af = signerFromSeed(new Uint8Array(32).fill(3));
const ob = signerFromSeed(new Uint8Array(32).fill(4));
const logKey = ed25519VerifierKey(sha256, 'example.org/log', logSigner.publicKey);
const pkKey = cosignerVerifierKey(sha256, 'witness.pk', pk.publicKey);
const afKey = cosignerVerifierKey(sha256, 'witness.af', af.publicKey);
const obKey = cosignerVerifierKey(sha256, 'witness.observer', ob.publicKey);
const policy = [
  { key: pkKey, required: true },
  { key: afKey, required: true },
  { key: obKey, required: false },
];
const body = formatCheckpoint({
  origin: 'example.org/log',
  treeSize: 7,
  rootHash: new Uint8Array(32).fill(9),
});
const logSigned = signNote(body, [ed25519NoteSigner(sha256, 'example.org/log', logSigner)]);
const cosign = (note: string, name: string, signer: typeof pk) =>
  signNote(
    body,
    [cosignatureNoteSigner(sha256, name, signer, 1_700_000_000)],
    parseSignedNote(note).signatures,
  );

describe('witness policy', () => {
  it('a checkpoint counts only once every required witness has cosigned', () => {
    const none = checkpointCounts(logSigned, logKey, policy, ed25519);
    expect(none).toMatchObject({
      cosignedBy: [],
      missing: ['witness.pk', 'witness.af'],
      counts: false,
    });

    const one = cosign(cosign(logSigned, 'witness.pk', pk), 'witness.observer', ob);
    expect(checkpointCounts(one, logKey, policy, ed25519)).toMatchObject({
      cosignedBy: ['witness.pk', 'witness.observer'],
      missing: ['witness.af'],
      counts: false,
    });

    const both = cosign(one, 'witness.af', af);
    expect(checkpointCounts(both, logKey, policy, ed25519)).toMatchObject({
      text: body,
      missing: [],
      counts: true,
    });
  });

  it('witnesses alone do not make a checkpoint; no required witness means nothing counts', () => {
    const onlyWitness = signNote(body, [cosignatureNoteSigner(sha256, 'witness.pk', pk, 1)]);
    expect(() => checkpointCounts(onlyWitness, logKey, policy, ed25519)).toThrow(
      NoteVerificationError,
    );
    expect(checkpointCounts(logSigned, logKey, [], ed25519).counts).toBe(false);
    expect(
      checkpointCounts(logSigned, logKey, [{ key: obKey, required: false }], ed25519).counts,
    ).toBe(false);
  });

  it('a forged cosignature by a known witness rejects the note', () => {
    // The af witness's name and key ID, but signed with another key.
    const forged = signNote(
      body,
      [{ ...cosignatureNoteSigner(sha256, 'witness.af', pk, 5), keyId: afKey.keyId }],
      parseSignedNote(logSigned).signatures,
    );
    expect(() => checkpointCounts(forged, logKey, policy, ed25519)).toThrow(/invalid cosignature/);
  });
});
