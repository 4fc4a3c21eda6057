// Gets a real ID token from the local OpenID Provider by signing in through
// the demo SPA (www/index.html) in a browser context, as a user would:
// client and flow chosen on the demo page, the provider's login page, back
// to the callback page, which validates the token and exposes its report.
import { watchErrors } from './chromium.mjs';

/**
 * Signs in with `client` (e.g. 'spa-es256') and `flow` ('code', 'hybrid',
 * 'implicit') at the demo served at `appUrl`, whose provider has origin
 * `providerOrigin`. Returns { token, nonce, claims, header, report, errors }.
 */
export async function signInForToken(context, { appUrl, providerOrigin, client = 'spa-es256', flow = 'code' }) {
  await context.clearCookies();
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${appUrl}/?client=${client}&flow=${flow}`);
    await page.waitForFunction(() => window.demoReady === true);
    await page.click('#go');
    await page.waitForURL((u) => u.href.startsWith(providerOrigin), { timeout: 15_000 });
    await page.waitForSelector('#login');
    await page.click('#login');
    await page.waitForFunction(() => window.idtokenReport?.rows, null, { timeout: 20_000 });
    const report = await page.evaluate(() => window.idtokenReport);
    if (!report.ok) throw new Error(`the demo refused its own sign-in: ${report.verdict} ${report.error?.message ?? ''}`);
    return { token: report.token, nonce: report.claims.nonce, claims: report.claims, header: report.header, report, errors };
  } finally {
    await page.close();
  }
}
