/**
 * The cryptography the domain's log maths needs, in the browser: SHA-256 from @noble/hashes and
 * Ed25519 verification from @noble/curves (audited, dependency-free, synchronous). Nothing here
 * implements a primitive; it only adapts the libraries to the domain's `Hasher` and
 * `SignatureVerifier` interfaces.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Hasher, SignatureVerifier } from '@truceline/domain/log/index';

export const browserHasher: Hasher = {
  sha256: (data) => sha256(data),
};

export const browserVerifier: SignatureVerifier = {
  verifyEd25519(publicKey, message, signature) {
    try {
      // Strict RFC 8032 / FIPS 186-5 rules, as the server's OpenSSL (and Go's crypto/ed25519)
      // apply them, rather than the more lenient ZIP-215 rules.
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      // The interface asks for false, not an exception, on malformed keys or signatures.
      return false;
    }
  },
};

/** Both, as the verification flow takes them. */
export const browserLogCrypto = { hasher: browserHasher, verifier: browserVerifier } as const;
