import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface AuthorizeRequest {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
  nonce: string;
  code_challenge: string;
  code_challenge_method: string;
}

export interface TokenRequest {
  code: string;
  code_verifier: string;
  redirect_uri: string;
  client_id: string;
  client_secret?: string;
}

/** How the provider behaves for the next sign-in (tests change it). */
export interface ProviderBehaviour {
  claims: Record<string, unknown>;
  /** Sign the ID token with this nonce instead of the one asked for. */
  nonce?: string;
  /** Sign with a key that is not in the JWKS. */
  foreignKey?: boolean;
  /** Another issuer or audience in the token. */
  issuer?: string;
  audience?: string;
}

export interface FakeProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  authorizeRequests: AuthorizeRequest[];
  tokenRequests: TokenRequest[];
  behaviour: ProviderBehaviour;
  close(): Promise<void>;
}

const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');

/**
 * A tiny OpenID provider on 127.0.0.1: discovery document, JWKS, an authorization
 * endpoint that signs the user in at once (redirecting back with a code), and a token
 * endpoint that checks the client secret, the redirect URI and the PKCE verifier against
 * the challenge before issuing an RS256 ID token made with jose.
 */
export async function startFakeProvider(): Promise<FakeProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, AuthorizeRequest>();
  const p: FakeProvider = {
    issuer: '',
    clientId: 'family-outcomes',
    clientSecret: 'provider-secret-123',
    authorizeRequests: [],
    tokenRequests: [],
    behaviour: { claims: {} },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const sign = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(p.behaviour.issuer ?? p.issuer)
      .setAudience(p.behaviour.audience ?? p.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, p.issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: p.issuer,
        authorization_endpoint: `${p.issuer}/authorize`,
        token_endpoint: `${p.issuer}/token`,
        jwks_uri: `${p.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const a = Object.fromEntries(url.searchParams) as unknown as AuthorizeRequest;
      p.authorizeRequests.push(a);
      const code = `code-${p.authorizeRequests.length}`;
      codes.set(code, a);
      const back = new URL(a.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', a.state);
      back.searchParams.set('iss', p.issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      const basic = req.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent)
        : null;
      const t: TokenRequest = { code: form.code, code_verifier: form.code_verifier, redirect_uri: form.redirect_uri, client_id: form.client_id ?? basic?.[0], client_secret: form.client_secret ?? basic?.[1] };
      p.tokenRequests.push(t);
      const a = codes.get(t.code);
      codes.delete(t.code);
      if (!a) return json(400, { error: 'invalid_grant', error_description: 'unknown or used code' });
      if (t.client_id !== p.clientId || t.client_secret !== p.clientSecret) return json(401, { error: 'invalid_client' });
      if (t.redirect_uri !== a.redirect_uri) return json(400, { error: 'invalid_grant', error_description: 'redirect_uri' });
      if (a.code_challenge_method !== 'S256' || !t.code_verifier || s256(t.code_verifier) !== a.code_challenge) {
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const idToken = await sign(p.behaviour.foreignKey ? foreign.privateKey : privateKey, {
        sub: 'user-1',
        nonce: p.behaviour.nonce ?? a.nonce,
        ...p.behaviour.claims,
      });
      return json(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  p.issuer = `http://127.0.0.1:${port}`;
  return p;
}

export { s256 };
