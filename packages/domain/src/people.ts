/**
 * People's roles and where they may work: the rule the server applies when an account is
 * created or changed, and that the demo applies to its accounts.
 *
 * - admin and district: the district (admin acts district-wide and reads the audit log);
 * - street: a street; community: a community (they act there);
 * - planner and wall: any region, read-only (a street office's wall shows its street).
 */
import type { PersonRole, RegionLevel } from '@ioc/contract/contract';

export const PERSON_ROLES: readonly PersonRole[] = [
  'admin',
  'district',
  'street',
  'community',
  'planner',
  'wall',
];

/** The region levels each role may be bound to. */
export const ROLE_LEVELS: Readonly<Record<PersonRole, readonly RegionLevel[]>> = {
  admin: ['district'],
  district: ['district'],
  street: ['street'],
  community: ['community'],
  planner: ['district', 'street', 'community'],
  wall: ['district', 'street', 'community'],
};

/** May this role act on events (POST actions)? Planner and wall only read. */
export const canAct = (role: PersonRole): boolean => role !== 'planner' && role !== 'wall';

/** Why a role may not hold a region of this level, or null when it may. */
export function roleRegionProblem(role: PersonRole, level: RegionLevel): string | null {
  const levels = ROLE_LEVELS[role];
  return levels.includes(level)
    ? null
    : `a ${role} account belongs to ${levels.length > 1 ? `a ${levels.join(', ')}` : `a ${levels[0]}`}, not a ${level}`;
}

/** Logins: ASCII letters, digits and . _ - @, 1 to 64, starting with a letter or digit; any case. */
export const LOGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/u;

/** A login as it is compared (unique, throttled): trimmed, lower case. */
export const loginKey = (login: string): string => login.trim().toLowerCase();

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

/** Why a new password is refused, or null. Length is what matters (NIST SP 800-63B). */
export function passwordProblem(password: string, login: string): string | null {
  if ([...password].length < PASSWORD_MIN) return `a password needs at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `a password has at most ${PASSWORD_MAX} characters`;
  if (loginKey(password) === loginKey(login)) return 'a password must not be the login';
  return null;
}
