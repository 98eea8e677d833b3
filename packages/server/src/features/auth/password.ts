/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';

// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the account does not exist, so a wrong email costs as much time as a
// wrong password and response times do not reveal which accounts exist.
const dummyHash = hash('truceline-timing-equaliser', OPTIONS);

/** True when `password` matches `stored`; `stored` undefined still spends the same time. */
export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  try {
    const ok = await verify(stored ?? (await dummyHash), password);
    return stored !== undefined && ok;
  } catch {
    return false;
  }
}
