/**
 * Real cryptography for the log tests, from node:crypto: the domain takes its hashing and
 * signatures by injection, and the server will pass implementations like these.
 */
// eslint-disable-next-line no-restricted-imports -- tests supply Node's crypto; src/log never imports it.
import * as nodeCrypto from 'node:crypto';
import type { Ed25519Signer, Hasher, SignatureVerifier } from '../../src/log/index.ts';

export const sha256: Hasher = {
  sha256: (data) => new Uint8Array(nodeCrypto.createHash('sha256').update(data).digest()),
};

const SPKI_ED25519_PREFIX = fromHex('302a300506032b6570032100');
const PKCS8_ED25519_PREFIX = fromHex('302e020100300506032b657004220420');

export const ed25519: SignatureVerifier = {
  verifyEd25519(publicKey, message, signature) {
    try {
      const key = nodeCrypto.createPublicKey({
        key: concat(SPKI_ED25519_PREFIX, publicKey),
        format: 'der',
        type: 'spki',
      });
      return nodeCrypto.verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

/** An Ed25519 signer from a 32-byte RFC 8032 seed (deterministic, so signatures are known answers). */
export function signerFromSeed(seed: Uint8Array): Ed25519Signer {
  const privateKey = nodeCrypto.createPrivateKey({
    key: concat(PKCS8_ED25519_PREFIX, seed),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = nodeCrypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    publicKey: new Uint8Array(spki.slice(-32)),
    signEd25519: (message) => new Uint8Array(nodeCrypto.sign(null, message, privateKey)),
  };
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A copy of `bytes` with bit `bit` (0 = the first byte's low bit) flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[Math.floor(bit / 8)]! ^= 1 << (bit % 8);
  return out;
}

/** Standard base64, for building test inputs. */
export function b64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63]! : '=';
  }
  return out;
}

/** Decodes standard base64 (test inputs only; lenient). */
export function unb64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 255);
    }
  }
  return Uint8Array.from(out);
}

/** Whether a string holds a character below U+0020 (which notes and checkpoints may not hold). */
export function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20);
}
