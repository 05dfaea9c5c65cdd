/**
 * The server, its commands and the shared demo as plain JavaScript for `node`
 * (`vite build -c vite.server.config.ts`, part of `npm run build`): Vite's SSR build bundles
 * our own TypeScript wherever it lives (server/, mock-server/, src/api/) and JSON imports,
 * and leaves every package in node_modules (PGlite and its .wasm/.data files, pg, fastify…)
 * and Node's built-ins as imports, so they load from node_modules as under tsx.
 *
 * dist-server/ is flat: the entries (main.js, seed.js, token.js, user.js, device.js, backup.js, restore.js,
 * import.js, mock-server.js), their shared chunks (chunk-*.js) and migrations/*.sql beside
 * them, so the migrator's `new URL('./migrations/', import.meta.url)` finds the SQL from
 * whichever chunk it lands in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const MIGRATIONS = 'server/db/migrations';

/** Copies the migrations (read at run time, not imported) into the output. */
function migrations(): Plugin {
  return {
    name: 'ioc-server-migrations',
    buildStart() {
      for (const f of readdirSync(MIGRATIONS)) this.addWatchFile(`${MIGRATIONS}/${f}`);
    },
    generateBundle() {
      for (const f of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))) {
        this.emitFile({
          type: 'asset',
          fileName: `migrations/${f}`,
          source: readFileSync(`${MIGRATIONS}/${f}`),
        });
      }
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [migrations()],
  ssr: { target: 'node' },
  build: {
    ssr: true,
    outDir: 'dist-server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: {
        main: 'server/main.ts',
        seed: 'server/cli/seed.ts',
        token: 'server/cli/token.ts',
        user: 'server/cli/user.ts',
        device: 'server/cli/device.ts',
        backup: 'server/cli/backup.ts',
        restore: 'server/cli/restore.ts',
        import: 'server/cli/import.ts',
        'mock-server': 'mock-server/node.ts',
      },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunk-[name]-[hash].js',
      },
    },
  },
});
