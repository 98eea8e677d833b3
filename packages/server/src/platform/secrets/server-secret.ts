/**
 * The server secret keys the HMACs under which session and token secrets are stored, so a copy of
 * the database alone does not let anyone sign in. It comes from `TRUCELINE_SECRET`; on the
 * embedded default it is generated once into the data directory (never logged, mode 0600).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Returns the configured secret, or the data directory's generated one (creating it on first use). */
export function loadServerSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, 'server-secret');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`The secret in ${file} is too short; delete it to regenerate`);
  return Buffer.from(secret, 'utf8');
}

/** Keyed hashing of bearer secrets (session cookies, API tokens) before they touch the database. */
export interface SecretHasher {
  hash(secret: string): string;
}

export function createSecretHasher(key: Buffer): SecretHasher {
  return { hash: (secret) => crypto.createHmac('sha256', key).update(secret).digest('hex') };
}

/** A random URL-safe secret of `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
