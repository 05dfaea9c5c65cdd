/**
 * `npm run token -- create --role street --region 440307001 [--name …]` prints a new token
 * once (only its hash is kept); `--role intake` makes a reporting system's token (its region
 * the district unless named; `--rate` events a second, `--burst` at once);
 * `npm run token -- revoke <id|name>`; `npm run token -- list`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_INTAKE_LIMIT, issueToken, listTokens, ROLES, revokeToken, type Role } from '../auth/tokens';
import type { Sql } from '../db/driver';
import { cliActor, run, withDb } from './common';

const USAGE = `usage: npm run token -- create --role district|street|community --region <id> [--name <name>]
       npm run token -- create --role intake [--region <id>] [--name <name>] [--rate <per second>] [--burst <n>]
       npm run token -- revoke <id|name>
       npm run token -- list`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number (got "${raw}")`);
  return v;
}

run(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      region: { type: 'string' },
      name: { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  if (command === 'create') {
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role) || (!values.region && role !== 'intake')) throw new Error(USAGE);
    const limit = {
      rate: positive('rate', values.rate, DEFAULT_INTAKE_LIMIT.rate),
      burst: positive('burst', values.burst, DEFAULT_INTAKE_LIMIT.burst),
    };
    const { token, info } = await withDb(async (db) => {
      const region = values.region ?? (await districtId(db));
      return issueToken(db, role, region, cliActor(), values.name, limit);
    });
    const limits = info.intake ? `, ${info.intake.rate}/s, ${info.intake.burst} at once` : '';
    console.log(
      `created ${info.id} "${info.name}" (${info.role} ${info.regionId}${limits}); the token, shown only now:`,
    );
    console.log(token);
  } else if (command === 'revoke' && arg) {
    const n = await withDb((db) => revokeToken(db, arg, cliActor()));
    if (n === 0) throw new Error(`no active token with id or name "${arg}"`);
    console.log(`revoked "${arg}"`);
  } else if (command === 'list') {
    for (const t of await withDb(listTokens)) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
      const limits = t.intake ? `${t.intake.rate}/s burst ${t.intake.burst}` : '';
      console.log(
        `${t.id}\t${t.name}\t${t.role}\t${t.regionId}\t${limits}\t${t.demo ? 'demo' : ''}\t${state}`,
      );
    }
  } else {
    throw new Error(USAGE);
  }
});

async function districtId(db: Sql): Promise<string> {
  const [d] = await db.query<{ id: string }>("SELECT id FROM regions WHERE level = 'district'");
  if (!d) throw new Error('the database holds no district: seed it first');
  return d.id;
}
