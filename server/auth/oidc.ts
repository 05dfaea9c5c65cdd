/**
 * Single sign-on with an OpenID provider: the authorization code flow with PKCE
 * (openid-client). The flow's state and PKCE verifier wait in a short-lived HttpOnly cookie
 * scoped to the flow's path, so any instance can finish a flow another began; the
 * provider's metadata is discovered on first use (and again after a failure).
 */
import * as client from 'openid-client';
import { HttpError } from '@ioc/contract/http';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** The public URL of GET /api/v1/session/oidc/callback, as registered at the provider. */
  redirectUrl: string;
  /** The claims that carry the person's role and region (a string, or a list: the first known). */
  roleClaim: string;
  regionClaim: string;
  /** Create an account at a person's first sign-in (else an administrator creates it first). */
  createUsers: boolean;
  /** Scopes asked for, besides openid. */
  scope: string;
  /** The sign-in page's button text. */
  label?: string;
  /** Talk to the provider over plain HTTP (tests, a provider on the same host). */
  allowHttp: boolean;
}

export const FLOW_COOKIE = 'ioc_oidc';
/** A flow not finished in this long is refused (the cookie expires too). */
export const FLOW_MS = 10 * 60_000;

export type Claims = Record<string, unknown> & { sub: string };

const CALLBACK = /\/callback\/?$/u;

/** Public paths derived from the redirect URL: the flow's start, and the app after it. */
export function oidcPaths(o: OidcConfig): { start: string; app: string; cookiePath: string } {
  const cb = new URL(o.redirectUrl);
  const start = new URL(cb.href.replace(CALLBACK, ''));
  start.search = '';
  const app = new URL(start.href.replace(/api\/v1\/session\/oidc$/u, ''));
  return { start: start.href, app: app.href, cookiePath: start.pathname };
}

export class OidcClient {
  private config: Promise<client.Configuration> | undefined;

  constructor(readonly o: OidcConfig) {}

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(
        new URL(this.o.issuer),
        this.o.clientId,
        this.o.clientSecret,
        undefined,
        this.o.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.config = undefined;
        throw new HttpError(
          503,
          'unavailable',
          `the identity provider cannot be reached (${(e as Error).message}); retry in a moment`,
        );
      });
    return this.config;
  }

  /** Where to send the browser, and the flow cookie's value. */
  async begin(now: number): Promise<{ url: string; flow: string }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.o.redirectUrl,
      scope: `openid ${this.o.scope}`.trim(),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url: url.href, flow: `${now.toString(36)}.${state}.${verifier}` };
  }

  /** The person's claims (ID token, then userinfo) for the provider's answer to this flow. */
  async finish(query: URLSearchParams, flow: string | null, now: number): Promise<Claims> {
    const [at, state, verifier] = (flow ?? '').split('.');
    if (!at || !state || !verifier || now - Number.parseInt(at, 36) > FLOW_MS)
      throw new HttpError(400, 'bad_request', 'the sign-in took too long or began elsewhere: sign in again');
    const error = query.get('error');
    if (error)
      throw new HttpError(
        401,
        'unauthorized',
        `the identity provider refused: ${query.get('error_description') ?? error}`,
      );
    const config = await this.configuration();
    const current = new URL(this.o.redirectUrl);
    current.search = query.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
    } catch (e) {
      throw new HttpError(401, 'unauthorized', `single sign-on failed: ${(e as Error).message}`);
    }
    const id = tokens.claims();
    if (!id) throw new HttpError(401, 'unauthorized', 'the identity provider sent no ID token');
    const info = tokens.access_token
      ? await client.fetchUserInfo(config, tokens.access_token, id.sub).catch(() => ({}))
      : {};
    return { ...id, ...info, sub: id.sub };
  }
}
