/**
 * `npm run token -- create --role street --region 440307001 [--name …]` prints a new token
 * once (only its hash is kept); `npm run token -- revoke <id|name>`; `npm run token -- list`.
 */
import { parseArgs } from 'node:util';
import { createToken, listTokens, revokeToken, type Role } from '../auth/tokens';
import { run, withDb } from './common';

const USAGE = `usage: npm run token -- create --role district|street|community --region <id> [--name <name>]
       npm run token -- revoke <id|name>
       npm run token -- list`;

run(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, arg] = positionals;
  if (command === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !['district', 'street', 'community'].includes(role) || !values.region)
      throw new Error(USAGE);
    const { token, info } = await withDb((db) => createToken(db, role, values.region as string, values.name));
    console.log(
      `created ${info.id} "${info.name}" (${info.role} ${info.regionId}); the token, shown only now:`,
    );
    console.log(token);
  } else if (command === 'revoke' && arg) {
    const n = await withDb((db) => revokeToken(db, arg));
    if (n === 0) throw new Error(`no active token with id or name "${arg}"`);
    console.log(`revoked "${arg}"`);
  } else if (command === 'list') {
    for (const t of await withDb(listTokens)) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
      console.log(`${t.id}\t${t.name}\t${t.role}\t${t.regionId}\t${t.demo ? 'demo' : ''}\t${state}`);
    }
  } else {
    throw new Error(USAGE);
  }
});
