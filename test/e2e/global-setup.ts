import { existsSync } from 'node:fs';

/** The browser tests run against the production build; `npm test` builds it first. */
export default function setup(): void {
  const dir = process.env.DIST_DIR ?? 'dist';
  if (!existsSync(`${dir}/index.html`)) {
    throw new Error(`${dir}/ is missing: run \`npm run build\` (npm test does) before the e2e project`);
  }
}
