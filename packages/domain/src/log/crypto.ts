/**
 * The cryptography the transparency-log maths needs, injected by the caller so that the domain
 * holds no crypto implementation and does no I/O. The server passes node:crypto-backed
 * implementations; a browser can pass its own.
 */

/** SHA-256, the hash of RFC 9162 trees, C2SP checkpoints and signed-note key IDs. */
export interface Hasher {
  /** SHA-256 of `data`: 32 bytes. */
  sha256(data: Uint8Array): Uint8Array;
}

/** Ed25519 (RFC 8032) signature verification. */
export interface SignatureVerifier {
  /**
   * Whether `signature` is a valid Ed25519 signature of `message` by the 32-byte `publicKey`.
   * Must return false, not throw, for malformed keys or signatures.
   */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** An Ed25519 private key held by the caller (in memory, an HSM, a KMS...). */
export interface Ed25519Signer {
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The 64-byte Ed25519 signature of `message`. */
  signEd25519(message: Uint8Array): Uint8Array;
}
