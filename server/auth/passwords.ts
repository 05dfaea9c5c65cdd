/**
 * Passwords: Argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane), stored in PHC form.
 * A sign-in for an unknown login verifies against a dummy hash of the same parameters, so
 * an unknown login and a wrong password cost the same time. Passwords are never logged.
 */
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id (the package's const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;
/** A hash of a random password nobody knows, made once per process. */
const dummyHash = () => {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
};

/**
 * Does the password match the hash? With no hash (unknown login, no password set) the
 * password is verified against the dummy hash and the answer is false.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    await verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Hash the dummy now (at start-up), so the first unknown login is not slower than a known one. */
export async function warmPasswords(): Promise<void> {
  await dummyHash();
}
