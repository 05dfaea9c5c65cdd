/**
 * `npm run import -- <file> --layer <id> [--title …] [--group …] [--crs WGS84|GCJ02|BD09|CGCS2000]`:
 * a GeoJSON, CSV (lon/lat or WKT columns), KML/KMZ or zipped Shapefile becomes layer <id>
 * (GET /layers, drawn by the app), replacing an earlier import of that id in one
 * transaction. Every row that cannot be a feature is listed with its line and reason; a file
 * that cannot be read changes nothing. `--crs` names the file's coordinates (default WGS84;
 * a Shapefile's .prj is honoured first).
 */
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { Crs } from '@ioc/contract/contract';
import { importLayer, LAYER_ID } from '../import/write';
import { DATA_CRS, readLayerFile, reasonText } from '../import/read';
import { regionIndex } from '../regions';
import { prepareFigures, prepareTiles, run, withDb } from './common';

const USAGE =
  'usage: npm run import -- <file> --layer <id> [--title <title>] [--group <group>] [--crs WGS84|GCJ02|BD09|CGCS2000]';
const DEFAULT_GROUP = '导入图层';

run(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      layer: { type: 'string' },
      title: { type: 'string' },
      group: { type: 'string' },
      crs: { type: 'string', default: 'WGS84' },
    },
  });
  const [file] = positionals;
  if (!file || !values.layer || positionals.length > 1) throw new Error(USAGE);
  if (!LAYER_ID.test(values.layer))
    throw new Error(`--layer must be lower-case letters, digits, - or _ (got "${values.layer}")`);
  const crs = Crs.safeParse(values.crs);
  if (!crs.success) throw new Error(`--crs must be one of ${Crs.options.join(', ')} (got "${values.crs}")`);
  const title = values.title ?? basename(file, extname(file));
  let read: Awaited<ReturnType<typeof readLayerFile>>;
  try {
    read = await readLayerFile(file, crs.data, title);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}; nothing was changed`);
  }
  for (const s of read.skipped) console.error(`[ioc] skipped ${reasonText(s, read.unit)}`);
  if (read.renumbered) {
    const { id, rows } = read.renumbered;
    console.error(
      `[ioc] ids repeat (id "${id}" at ${rows.join(' and ')}): features are numbered by ${read.unit} instead`,
    );
  }
  const done = await withDb(async (db) => {
    const regions = await regionIndex(db);
    const imported = await importLayer(db, regions, {
      id: values.layer as string,
      title,
      group: values.group ?? DEFAULT_GROUP,
      source: basename(file),
      geometry: read.geometry,
      fields: read.fields,
      features: read.features,
    });
    if (imported.tiles) await prepareTiles(db, values.layer as string);
    await prepareFigures(db, regions);
    return imported;
  });
  const notes = [
    done.replaced
      ? `replacing the previous import${done.kept ? ' (kept: a replay as of its time still shows it)' : ''}`
      : 'a new layer',
    ...(read.skipped.length ? [`${read.skipped.length} ${read.unit}s skipped (listed above)`] : []),
    ...(done.outsideDistrict
      ? [`${done.outsideDistrict} outside the district (shown at district scope)`]
      : []),
    ...(done.tiles ? ['served as vector tiles'] : []),
  ];
  console.log(
    `[ioc] layer ${values.layer} "${title}": ${done.count} ${read.geometry} features from ${basename(file)} (${crs.data} → ${DATA_CRS}); ${notes.join('; ')}`,
  );
});
