import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { buildCsp, withCspMeta } from './scripts/csp.ts';

/** Writes the Content-Security-Policy for public/config.json into the built index.html. */
function csp(): Plugin {
  return {
    name: 'ioc-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      withCspMeta(html, buildCsp(JSON.parse(readFileSync('public/config.json', 'utf8')) as object)),
  };
}

// The app is deployed as static files under any path, so assets are relative and
// config.json is fetched at run time (no rebuild to re-point a deployment).
export default defineConfig({
  base: './',
  plugins: [react(), csp()],
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/unit/**/*.test.{ts,tsx}',
            'test/mock-server/**/*.test.ts',
            'test/components/**/*.test.tsx',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          // A condition a person waits for may take seconds on a busy 2-core machine: a poll
          // gives up after 10 s (not 1 s), which makes a slow run slower, not red.
          expect: { poll: { timeout: 10_000 } },
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
