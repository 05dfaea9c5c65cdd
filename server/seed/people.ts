/**
 * The demo's accounts (mock-server/people.ts) and its administrator in the database, with the public demo
 * password hashed like any other. Run at every start while the demo is on, so a demo
 * database made before accounts existed gets them too; existing accounts are left alone.
 */
import { loginKey } from '@ioc/domain/people';
import type { RegionIndex } from '@ioc/domain/regions';
import { DEMO_PASSWORD, demoAdministrator, demoPeople } from '../../mock-server/people';
import { writeAudit } from '../auth/audit';
import { hashPassword } from '../auth/passwords';
import type { Db } from '../db/driver';

export { DEMO_PASSWORD };

/** Adds the demo accounts that are missing; how many were added. */
export async function seedDemoPeople(db: Db, regions: RegionIndex): Promise<number> {
  const people = [...demoPeople(regions), demoAdministrator(regions)];
  const have = await db.query<{ k: string }>(
    'SELECT lower(login) AS k FROM users WHERE lower(login) = ANY($1::text[])',
    [people.map((p) => loginKey(p.login))],
  );
  const known = new Set(have.map((r) => r.k));
  const missing = people.filter((p) => !known.has(loginKey(p.login)));
  if (missing.length === 0) return 0;
  const hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const added = await tx.query<{ id: string; login: string; role: string; region_id: string }>(
      `INSERT INTO users (id, login, name, role, region_id, password_hash, demo)
       SELECT id, login, name, role, region_id, $2, true
       FROM json_to_recordset($1::json) AS r(id text, login text, name text, role text, region_id text)
       ON CONFLICT DO NOTHING RETURNING id, login, role, region_id`,
      [
        JSON.stringify(
          missing.map((p) => ({
            id: p.id,
            login: p.login,
            name: p.name,
            role: p.role,
            region_id: p.regionId,
          })),
        ),
        hash,
      ],
    );
    for (const a of added)
      await writeAudit(tx, {
        kind: 'user_created',
        actor: { key: 'system:demo', userId: null, name: 'demo seed', role: null },
        result: 'ok',
        targetUserId: a.id,
        detail: { login: a.login, role: a.role, regionId: a.region_id, demo: true },
      });
    return added.length;
  });
}
