// A real OpenID provider for Hindsight's single sign-on tests: the certified oidc-provider package with a
// sign-in form that checks passwords, one confidential client, and a test-only control API.
//
// Environment: PORT (listen on 127.0.0.1), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI.
// Prints "listening <issuer>" once it accepts connections.
//
// Control API (test-only, loopback):
//   PUT  /test/accounts/<login>  {"password": "...", "claims": {"email": "...", "email_verified": true, ...}}
//   POST /test/tamper            {"mode": "wrong-audience" | "expired" | "wrong-nonce"}
//        The next token response's ID token is re-signed with the provider's own key, one claim altered,
//        so the relying party sees a correctly signed token that it must still refuse.
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.CLIENT_ID;
const clientSecret = process.env.CLIENT_SECRET;
const redirectUri = process.env.REDIRECT_URI;
if (!port || !clientId || !clientSecret || !redirectUri) {
  console.error('PORT, CLIENT_ID, CLIENT_SECRET and REDIRECT_URI are required');
  process.exit(2);
}

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

/** login → { password, claims } */
const accounts = new Map();
let tamper = null;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // The ID token carries the granted claims (email, email_verified, groups), as most providers do.
  conformIdTokenClaims: false,
  // Every authorization request must carry a code challenge (S256): a request without PKCE is refused.
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) {
      return undefined;
    }
    return { accountId: id, async claims() { return { sub: id, ...account.claims }; } };
  },
  // No consent screen: the client is the operator's own application.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, problem) {
  return `<!doctype html><html><head><title>Test provider: sign in</title></head><body>
<h1>Sign in to the test provider</h1>
${problem ? `<p class="error">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
  <label>Login <input name="login" required></label>
  <label>Password <input name="password" type="password" required></label>
  <button type="submit">Sign in</button>
</form></body></html>`;
}

async function alter(idToken, mode) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'wrong-audience':
      claims.aud = 'another-application';
      delete claims.azp;
      break;
    case 'expired':
      claims.iat = now - 3600;
      claims.exp = now - 1800;
      break;
    case 'wrong-nonce':
      claims.nonce = 'a-nonce-from-another-sign-in';
      break;
    default:
      throw new Error(`unknown tamper mode ${mode}`);
  }
  return new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(privateKey);
}

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/test/')) {
    const body = ctx.method === 'GET' ? '' : await readBody(ctx.req);
    const input = body ? JSON.parse(body) : {};
    if (ctx.method === 'PUT' && ctx.path.startsWith('/test/accounts/')) {
      accounts.set(decodeURIComponent(ctx.path.substring('/test/accounts/'.length)), input);
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'POST' && ctx.path === '/test/tamper') {
      tamper = input.mode ?? null;
      ctx.status = 204;
      return;
    }
    ctx.status = 404;
    return;
  }
  const interaction = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (interaction) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid);
      return;
    }
    if (ctx.method === 'POST') {
      const form = new URLSearchParams(await readBody(ctx.req));
      const login = form.get('login') ?? '';
      const account = accounts.get(login);
      if (!account || account.password !== form.get('password')) {
        ctx.status = 401;
        ctx.type = 'html';
        ctx.body = loginPage(details.uid, 'Wrong login or password.');
        return;
      }
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
  }
  await next();
  if (tamper && ctx.method === 'POST' && ctx.path === '/token' && ctx.body && ctx.body.id_token) {
    const mode = tamper;
    tamper = null;
    ctx.body = { ...ctx.body, id_token: await alter(ctx.body.id_token, mode) };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
