// A national e-ID provider on this machine: the certified `oidc-provider` package, configured
// like an electronic-identity-card provider (CNP, name and address claims, eIDAS assurance
// level as `acr`). Tests and `make demo` start it; nothing here is used in production.
//
// Environment:
//   EID_PROVIDER_PORT     port to listen on (0: any free port; the chosen one is printed)
//   EID_PROVIDER_ISSUER   the issuer URL (default http://localhost:<port>)
//   EID_PROVIDER_CLIENTS  JSON list of {client_id, client_secret, redirect_uris}
//   EID_PROVIDER_JWKS     JSON {keys: [private JWK]} to sign with (default: a fresh RS256 key)
//   EID_PROVIDER_TAMPER   "1": tests may ask, at POST /__tamper, that the next ID token be
//                         spoiled (expired, another audience or nonce, another signing key), to
//                         prove the relying party refuses it
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';

// Demo citizens of the county, with valid CNPs (check digit per stdnum.ro.cnp).
const ACCOUNTS = {
  'ion-popescu': {
    given_name: 'Ion',
    family_name: 'Popescu',
    cnp: '1800101110011',
    birthdate: '1980-01-01',
    address: {
      formatted: 'Str. Libertății nr. 10, Reșița, jud. Caraș-Severin',
      street_address: 'Str. Libertății nr. 10',
      locality: 'Reșița',
      region: 'Caraș-Severin',
      country: 'RO',
    },
    acr: 'substantial',
  },
  'maria-ionescu': {
    given_name: 'Maria',
    family_name: 'Ionescu',
    cnp: '2850315110024',
    birthdate: '1985-03-15',
    address: {
      formatted: 'Str. Mihai Viteazu nr. 3, Caransebeș, jud. Caraș-Severin',
      street_address: 'Str. Mihai Viteazu nr. 3',
      locality: 'Caransebeș',
      region: 'Caraș-Severin',
      country: 'RO',
    },
    acr: 'high',
  },
};

const port = Number(process.env.EID_PROVIDER_PORT || 0);
const clients = JSON.parse(process.env.EID_PROVIDER_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...client,
}));

async function signingKeys() {
  if (process.env.EID_PROVIDER_JWKS) return JSON.parse(process.env.EID_PROVIDER_JWKS);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { keys: [{ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10000) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function page(res, status, title, body) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:",
  });
  res.end(`<!doctype html><html lang="ro"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:36rem;padding:1rem;color:#111}
button{font:inherit;padding:.75rem 1rem;margin:.25rem 0;width:100%;border-radius:.25rem;border:2px solid #1d4ed8}
.primary{background:#1d4ed8;color:#fff}.secondary{background:#fff;color:#1d4ed8}</style></head>
<body><main>${body}</main></body></html>`);
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = escapeHtml(details.uid);
  if (req.method === 'POST') {
    const form = await readForm(req);
    if (form.get('action') === 'cancel') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'the citizen cancelled the sign-in',
      });
      return;
    }
    const accountId = form.get('account');
    if (!ACCOUNTS[accountId]) {
      page(res, 400, 'e-ID', '<p role="alert">Persoană necunoscută.</p>');
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, acr: ACCOUNTS[accountId].acr, amr: ['hwk', 'pin'] } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const choices = Object.entries(ACCOUNTS)
    .map(([id, a]) => `<button class="primary" name="account" value="${id}">Continuă ca ${escapeHtml(a.given_name)} ${escapeHtml(a.family_name)}</button>`)
    .join('');
  page(res, 200, 'e-ID (demo): autentificare', `<h1>e-ID (demo)</h1>
<p>Furnizor de identitate de test. În realitate aici citiți cartea electronică de identitate.</p>
<form method="post" action="/interaction/${uid}">${choices}
<button class="secondary" name="action" value="cancel">Renunță</button></form>`);
}

async function main() {
  const jwks = await signingKeys();
  const server = createServer();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = server.address().port;
  const issuer = process.env.EID_PROVIDER_ISSUER || `http://localhost:${actualPort}`;

  const provider = new Provider(issuer, {
    clients,
    jwks,
    cookies: { keys: [randomUUID()] },
    scopes: ['openid', 'profile', 'address', 'cnp'],
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub', 'acr', 'auth_time'],
      profile: ['given_name', 'family_name', 'name', 'birthdate'],
      address: ['address'],
      cnp: ['cnp'],
    },
    acrValues: ['low', 'substantial', 'high'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
    // A first-party government client: the citizen is not asked to consent to each scope.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      await grant.save();
      return grant;
    },
    async findAccount(ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          const { acr, ...claims } = account;
          // The subject is the account's id, never the CNP.
          return { sub: id, name: `${account.given_name} ${account.family_name}`, ...claims };
        },
      };
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="ro"><meta charset="utf-8"><title>e-ID</title><main><h1>e-ID</h1><p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description || '')}</p></main></html>`;
    },
  });

  let tamper = null;
  const allowTamper = process.env.EID_PROVIDER_TAMPER === '1';
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      const path = new URL(req.url, issuer).pathname;
      if (path.startsWith('/interaction/')) {
        await interaction(provider, req, res);
        return;
      }
      if (allowTamper && path === '/__tamper' && req.method === 'POST') {
        tamper = (await readForm(req)).get('mutation');
        res.writeHead(204).end();
        return;
      }
      if (tamper && path === '/token' && req.method === 'POST') {
        const mutation = tamper;
        tamper = null;
        spoilTokenResponse(res, mutation, jwks.keys[0]);
      }
      callback(req, res);
    } catch (error) {
      if (!res.headersSent) page(res, 400, 'e-ID', `<p role="alert">${escapeHtml(error.message)}</p>`);
    }
  });

  console.log(`ready ${actualPort} ${issuer}`);
}

// Rewrites the ID token of the response being written, then lets it go out.
function spoilTokenResponse(res, mutation, signingJwk) {
  const originalEnd = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    res.end = originalEnd;
    const body = JSON.parse(Buffer.from(chunk || '').toString('utf8') || '{}');
    if (!body.id_token) return originalEnd(chunk, ...rest);
    spoil(body.id_token, mutation, signingJwk).then((idToken) => {
      const out = Buffer.from(JSON.stringify({ ...body, id_token: idToken }));
      res.setHeader('content-length', out.length);
      originalEnd(out);
    });
    return res;
  };
}

async function spoil(idToken, mutation, signingJwk) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = await importJWK(signingJwk, header.alg);
  if (mutation === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  else if (mutation === 'audience') claims.aud = 'another-client';
  else if (mutation === 'nonce') claims.nonce = 'not-the-nonce-we-were-given';
  else if (mutation === 'issuer') claims.iss = 'http://impostor.localhost';
  else if (mutation === 'foreign-key') {
    // Same key id, another private key: only the signature check can tell.
    ({ privateKey: key } = await generateKeyPair(header.alg));
  }
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
