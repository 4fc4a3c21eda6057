// The demo: the local OpenID Provider and the SPA's static server, both on
// 127.0.0.1. `make demo` runs this file; the end-to-end tests import
// startDemo() and run it on free ports.
//
//   node www/serve.mjs [--app-port 4001] [--provider-port 4000]
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../scripts/static-server.mjs';
import { startProvider } from './provider/provider.mjs';

const WWW = fileURLToPath(new URL('.', import.meta.url));
const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
// The oidc-client-ts example page loads oidc-client-ts (and its one
// dependency) from npm's ESM builds, as an app's bundler would.
const VENDOR = {
  '/vendor/oidc-client-ts/': fileURLToPath(new URL('../node_modules/oidc-client-ts/dist/esm/', import.meta.url)),
  '/vendor/jwt-decode/': fileURLToPath(new URL('../node_modules/jwt-decode/build/esm/', import.meta.url)),
};
/** Pages the provider may redirect back to. */
const REDIRECT_PAGES = ['/callback.html', '/oidc-client-ts.html'];

// Two clients receive encrypted ID tokens. The demo SPA's decryption keys
// are made here and handed to the page in /config.json: a real SPA would
// generate its key pair in the browser and register the public half.
const ENCRYPTED = [
  { clientId: 'spa-enc-rsa', alg: 'RSA-OAEP-256', enc: 'A256GCM', type: 'rsa', opts: { modulusLength: 2048 } },
  { clientId: 'spa-enc-ecdh', alg: 'ECDH-ES+A256KW', enc: 'A128CBC-HS256', type: 'ec', opts: { namedCurve: 'P-256' } },
];

function encryptionKeys() {
  return ENCRYPTED.map(({ clientId, alg, enc, type, opts }) => {
    const { publicKey, privateKey } = generateKeyPairSync(type, opts);
    const kid = `${clientId}-enc`;
    return {
      clientId, alg, enc,
      jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'enc', alg },
      privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, use: 'enc', alg },
    };
  });
}

/** Starts the SPA server and the provider. Returns { appUrl, provider, close }. */
export async function startDemo({ appPort = 0, providerPort = 0 } = {}) {
  let provider = null;
  const encrypted = encryptionKeys();
  const config = () => JSON.stringify({
    issuer: provider.issuer,
    clients: provider.clients.map((c) => ({
      clientId: c.client_id,
      alg: c.alg,
      ...(c.encryption ? {
        encryption: c.encryption,
        decryptionKeys: { keys: [encrypted.find((e) => e.clientId === c.client_id).privateJwk] },
      } : {}),
    })),
  });
  const app = await serveStatic({ '/': WWW, '/pkg/': PKG, ...VENDOR }, {
    '/config.json': { body: config, type: 'application/json' },
  }, appPort).catch((e) => { throw Object.assign(e, { demoPort: 'APP_PORT' }); });
  try {
    provider = await startProvider({
      port: providerPort,
      appOrigin: app.url,
      redirectUris: REDIRECT_PAGES.map((page) => `${app.url}${page}`),
      encryptedClients: encrypted,
    });
  } catch (e) {
    await app.close();
    throw Object.assign(e, { demoPort: 'PROVIDER_PORT' });
  }
  return {
    appUrl: app.url,
    provider,
    async close() {
      await provider.close();
      await app.close();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const ports = {
    APP_PORT: arg('--app-port', Number(process.env.APP_PORT ?? 4001)),
    PROVIDER_PORT: arg('--provider-port', Number(process.env.PROVIDER_PORT ?? 4000)),
  };
  const demo = await startDemo({ appPort: ports.APP_PORT, providerPort: ports.PROVIDER_PORT }).catch((e) => {
    if (e.code !== 'EADDRINUSE' || !e.demoPort) throw e;
    // One line instead of a stack trace: which port, and how to pick another.
    const name = e.demoPort;
    console.error(`demo: port ${ports[name]} is in use: set ${name} to a free port, e.g. make demo ${name}=${ports[name] + 100}`);
    process.exit(1);
  });
  console.log(`\n  idtoken demo\n`);
  console.log(`  Open  ${demo.appUrl}/              sign in and see every check`);
  console.log(`        ${demo.appUrl}/inspector.html  paste a token, get the same report`);
  console.log(`        ${demo.appUrl}/oidc-client-ts.html  oidc-client-ts's UserManager, with and without idtoken`);
  console.log(`  Provider ${demo.provider.issuer} (user alice, any sign-in button press)`);
  console.log(`\n  Ctrl-C stops both servers.\n`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
