/**
 * A real OpenID provider for the tests (oidc-provider with its development login and consent
 * pages: any password signs in the subject typed as the login), and the server configuration
 * that points at it. Shared by test/server/oidc.test.ts (the flow over HTTP) and
 * test/e2e/sso.test.ts (the flow in Chromium).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as netServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcConfig } from '../../server/auth/oidc';

export const OIDC_CLIENT_ID = 'ioc';
export const OIDC_CLIENT_SECRET = 'ioc-client-secret-for-the-test-0123456789';
export const OIDC_LABEL = '统一身份认证登录';

/** A port free now, for a server whose address the provider must know before it starts. */
export async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * Starts the provider on a free loopback port, knowing `people` (subject → claims) and one
 * client, this server's, whose answers go to `redirectUrl`.
 */
export async function startProvider(
  people: Record<string, Record<string, unknown>>,
  redirectUrl: string,
): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const idp: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [redirectUrl],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: async (_ctx: unknown, sub: string) =>
      people[sub] ? { accountId: sub, claims: async () => ({ sub, ...people[sub] }) } : undefined,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], ioc: ['ioc_role', 'ioc_region'] },
    scopes: ['openid', 'profile', 'ioc'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  handle = provider.callback();
  return {
    issuer,
    close: () => new Promise<void>((r) => idp.close(() => r())),
  };
}

/** The server's single sign-on configuration for this provider (as OIDC_* would give it). */
export function oidcConfig(issuer: string, redirectUrl: string, createUsers = true): OidcConfig {
  return {
    issuer,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUrl,
    roleClaim: 'ioc_role',
    regionClaim: 'ioc_region',
    createUsers,
    scope: 'profile ioc',
    label: OIDC_LABEL,
    allowHttp: true,
  };
}
