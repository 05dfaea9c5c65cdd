/**
 * The Content-Security-Policy of the built app: scripts, workers and styles only from the
 * app's own origin; data only from the app, the configured API and the basemap hosts.
 * The build writes it into dist/index.html (vite.config.ts) from public/config.json; a
 * deployment that edits config.json afterwards regenerates it:
 *
 *   npm run csp -- --config dist/config.json [--html dist/index.html] [--allow https://tiles.example]
 *
 * (`--allow` adds a host the config does not name, e.g. the tile and glyph hosts a remote
 * basemap style document refers to.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where relative URLs of config.json resolve: its own origin, i.e. 'self'. */
const SELF = 'http://self.invalid/';

interface ConfigHosts {
  apiBaseUrl?: unknown;
  basemap?: { url?: unknown; lightUrl?: unknown; tiles?: unknown };
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url.replace(/^pmtiles:\/\//u, ''), SELF);
    if (u.href.startsWith(SELF)) return "'self'";
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The origins the config makes the app talk to ('self' for relative URLs). */
export function configOrigins(config: ConfigHosts): string[] {
  const urls: unknown[] = [config.apiBaseUrl, config.basemap?.url, config.basemap?.lightUrl];
  if (Array.isArray(config.basemap?.tiles)) urls.push(...config.basemap.tiles);
  const out = new Set<string>(["'self'"]);
  for (const u of urls) {
    if (typeof u !== 'string') continue;
    // Tile templates carry {z}/{x}/{y} and {s}: only the origin matters.
    const o = originOf(u.replace(/\{[a-z]+\}/gu, '0'));
    if (o) out.add(o);
  }
  return [...out];
}

export function buildCsp(config: ConfigHosts, allow: readonly string[] = []): string {
  const hosts = [...new Set([...configOrigins(config), ...allow])].join(' ');
  return [
    "default-src 'self'",
    // No inline script, no eval (main.tsx tells zod not to probe for it), no WebAssembly.
    "script-src 'self'",
    // The embedded mock's service worker and MapLibre's module worker come from the app
    // itself; loaders.gl (under deck.gl) may start a worker from a blob it built.
    "worker-src 'self' blob:",
    `connect-src ${hosts} data: blob:`,
    `img-src ${hosts} data: blob:`,
    // Libraries set element styles; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

const META = /\s*<meta http-equiv="Content-Security-Policy"[^>]*>/giu;

/** index.html with exactly one CSP meta element, right after <meta charset>. */
export function withCspMeta(html: string, csp: string): string {
  const clean = html.replace(META, '');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/gu, '&quot;')}" />`;
  const charset = /<meta charset="[^"]*"\s*\/?>/iu.exec(clean);
  if (!charset) return clean.replace(/<head>/iu, `<head>\n    ${tag}`);
  const at = charset.index + charset[0].length;
  return `${clean.slice(0, at)}\n    ${tag}${clean.slice(at)}`;
}

/** Rewrites a built index.html for a config.json; returns the policy written. */
export function applyCsp(configPath: string, htmlPath: string, allow: readonly string[] = []): string {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as ConfigHosts;
  const csp = buildCsp(config, allow);
  writeFileSync(htmlPath, withCspMeta(readFileSync(htmlPath, 'utf8'), csp));
  return csp;
}

function main(argv: string[]): void {
  let config = 'dist/config.json';
  let html: string | undefined;
  const allow: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--config') config = value;
    else if (flag === '--html') html = value;
    else if (flag === '--allow') allow.push(value);
    else throw new Error(`unknown option ${flag} (use --config, --html, --allow)`);
    i++;
  }
  const target = html ?? config.replace(/config\.json$/u, 'index.html');
  const csp = applyCsp(config, target, allow);
  console.log(`${target}: ${csp}`);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
