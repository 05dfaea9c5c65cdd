/**
 * The `user` command's work, apart from the process it runs in (server/cli/user.ts), so
 * tests run it on an open database: parse the arguments, then carry the command out with
 * the actor named in the audit log (`cli:<os user>`).
 */
import { parseArgs } from 'node:util';
import type { AuditActor } from '../auth/audit';
import {
  checkRole,
  createUser,
  listUsers,
  resetPassword,
  revokeSessionsOf,
  setDisabled,
  setRole,
  type UserInfo,
} from '../auth/users';
import type { Db } from '../db/driver';

export const USAGE = `usage: npm run user -- create --login <login> --name <display name> --role <role> --region <id> --password-stdin
       npm run user -- list
       npm run user -- disable <login>
       npm run user -- enable <login>
       npm run user -- reset-password <login> --password-stdin
       npm run user -- set-role <login> --role <role> --region <id>
       npm run user -- sign-out <login>
roles: admin, district (the district); street (a street); community (a community);
       planner, wall (read-only; the district, a street or a community)
The password is read from standard input (a pipe, or typed without echo), never an argument.`;

export type UserCommand =
  | { kind: 'create'; login: string; name: string; role: string; region: string }
  | { kind: 'list' }
  | { kind: 'disable' | 'enable' | 'reset-password' | 'sign-out'; login: string }
  | { kind: 'set-role'; login: string; role: string; region: string };

/** Reads the command line; throws the usage when it is not one. */
export function parseUserCommand(argv: string[]): UserCommand {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const [command, login, ...rest] = positionals;
  const fail = (why: string) => new Error(`${why}\n${USAGE}`);
  if (rest.length > 0) throw fail(`unexpected arguments: ${rest.join(' ')}`);
  switch (command) {
    case 'create': {
      if (login !== undefined) throw fail('create takes --login, not a positional login');
      if (!values.login || !values.name || !values.role || !values.region)
        throw fail('create needs --login, --name, --role and --region');
      if (!values['password-stdin'])
        throw fail('create needs --password-stdin (a password is never an argument)');
      checkRole(values.role);
      return {
        kind: 'create',
        login: values.login,
        name: values.name,
        role: values.role,
        region: values.region,
      };
    }
    case 'list':
      return { kind: 'list' };
    case 'disable':
    case 'enable':
    case 'sign-out':
    case 'reset-password':
      if (!login) throw fail(`${command} needs a login`);
      if (command === 'reset-password' && !values['password-stdin'])
        throw fail('reset-password needs --password-stdin (a password is never an argument)');
      return { kind: command, login };
    case 'set-role':
      if (!login || !values.role || !values.region) throw fail('set-role needs a login, --role and --region');
      checkRole(values.role);
      return { kind: 'set-role', login, role: values.role, region: values.region };
    default:
      throw fail(command ? `unknown command "${command}"` : 'a command is needed');
  }
}

/** Does the command read a password? */
export const needsPassword = (c: UserCommand) => c.kind === 'create' || c.kind === 'reset-password';

const describe = (u: UserInfo) =>
  `${u.id}\t${u.login}\t${u.name}\t${u.role}\t${u.regionId}\t${u.disabled ? 'disabled' : 'active'}${u.demo ? '\tdemo' : ''}`;

/** Carries the command out; the lines it prints. */
export async function runUserCommand(
  db: Db,
  c: UserCommand,
  actor: AuditActor,
  password?: string,
): Promise<string[]> {
  const pw = () => {
    if (password === undefined || password === '') throw new Error('no password on standard input');
    return password;
  };
  switch (c.kind) {
    case 'create': {
      const u = await createUser(
        db,
        { login: c.login, name: c.name, role: checkRole(c.role), regionId: c.region, password: pw() },
        actor,
      );
      return [`created ${u.id} "${u.login}" (${u.name}, ${u.role} ${u.regionId})`];
    }
    case 'list':
      return (await listUsers(db)).map(describe);
    case 'disable':
      return [`disabled "${(await setDisabled(db, c.login, true, actor)).login}"; its sessions have ended`];
    case 'enable':
      return [`enabled "${(await setDisabled(db, c.login, false, actor)).login}"`];
    case 'reset-password':
      return [
        `new password for "${(await resetPassword(db, c.login, pw(), actor)).login}"; its sessions have ended`,
      ];
    case 'set-role': {
      const u = await setRole(db, c.login, c.role, c.region, actor);
      return [`"${u.login}" is now ${u.role} at ${u.regionId}`];
    }
    case 'sign-out':
      return [`signed "${c.login}" out: ${await revokeSessionsOf(db, c.login, actor)} session(s) ended`];
  }
}
