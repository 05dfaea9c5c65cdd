/**
 * `npm run device -- approve <code> --region <id> [--name <name>]`, `list`, `revoke <id>`:
 * the walls' devices from the command line, each change audited as `cli:<os user>`.
 */
import { parseArgs } from 'node:util';
import { approvePairing, listDevices, revokeDevice } from '../auth/devices';
import { regionIndex } from '../regions';
import { cliActor, run, withDb } from './common';

const USAGE = `usage: npm run device -- approve <code> --region <id> [--name <name>]
       npm run device -- list
       npm run device -- revoke <device id>`;

run(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { region: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, arg, ...rest] = positionals;
  const fail = (why: string) => new Error(`${why}\n${USAGE}`);
  if (rest.length > 0) throw fail(`unexpected arguments: ${rest.join(' ')}`);
  // Checked before the database is opened.
  if (command === 'approve' && (!arg || !values.region)) throw fail('approve needs the code and --region');
  if (command === 'revoke' && !arg) throw fail('revoke needs the device id');
  if (command !== 'approve' && command !== 'list' && command !== 'revoke')
    throw fail(command ? `unknown command ${command}` : 'a command is needed');
  const actor = cliActor();
  const lines = await withDb(async (db) => {
    switch (command) {
      case 'approve': {
        const d = await approvePairing(
          db,
          await regionIndex(db),
          { code: arg ?? '', regionId: values.region ?? '', name: values.name },
          actor,
        );
        return [`approved ${d.id} "${d.name}" (wall, ${d.regionId}): the screen signs in at its next poll`];
      }
      case 'list':
        return (await listDevices(db)).map((d) =>
          [
            d.id,
            d.name,
            d.regionId,
            d.pairedAt,
            d.lastSeenAt ?? '-',
            d.revokedAt ? 'revoked' : 'active',
          ].join('\t'),
        );
      default:
        if (!(await revokeDevice(db, arg ?? '', actor))) throw new Error(`no device ${arg}`);
        return [`revoked ${arg}: its sessions have ended`];
    }
  });
  for (const line of lines) console.log(line);
});
