/**
 * The log's Ed25519 signing key. It lives outside the database, in a PEM file (PKCS #8): named by
 * TRUCELINE_LOG_KEY_FILE, or generated once into the embedded data directory. Rotation: point the
 * variable at a new key; the log records every verifier key it has used. Never logged.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Ed25519Signer, Hasher, SignatureVerifier } from '@truceline/domain';

/** SHA-256 from node:crypto in the shape the domain's log maths take. */
export const nodeHasher: Hasher = {
  sha256: (data) => new Uint8Array(crypto.createHash('sha256').update(data).digest()),
};

/** Ed25519 verification from node:crypto. */
export const nodeVerifier: SignatureVerifier = {
  verifyEd25519(publicKey, message, signature) {
    try {
      const key = crypto.createPublicKey({
        key: Buffer.concat([
          Buffer.from('302a300506032b6570032100', 'hex'),
          Buffer.from(publicKey),
        ]),
        format: 'der',
        type: 'spki',
      });
      return crypto.verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

export interface LogSigningKey {
  readonly signer: Ed25519Signer;
  readonly publicKey: Uint8Array;
}

/** Wraps a node:crypto private key as the domain's signer, exposing only sign and the public key. */
export function signingKeyFrom(privateKey: crypto.KeyObject): LogSigningKey {
  const der = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(der.subarray(der.length - 32));
  return {
    publicKey,
    signer: {
      publicKey,
      signEd25519: (message) => new Uint8Array(crypto.sign(null, message, privateKey)),
    },
  };
}

/** Reads the key from `file`, or (embedded default) generates `<dataDir>/secrets/log-signing-key.pem`. */
export function loadLogSigningKey(file: string | undefined, dataDir: string): LogSigningKey {
  let keyPath = file;
  if (keyPath === undefined) {
    const dir = path.join(dataDir, 'secrets');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    keyPath = path.join(dir, 'log-signing-key.pem');
    if (!fs.existsSync(keyPath)) {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      try {
        fs.writeFileSync(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
          flag: 'wx',
          mode: 0o600,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(fs.readFileSync(keyPath));
  } catch (error) {
    throw new Error(`Cannot read the log signing key from ${keyPath}: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`The log signing key in ${keyPath} is not an Ed25519 key`);
  return signingKeyFrom(key);
}
