// Gets a real ID token from the local OpenID Provider by signing in through
// the demo SPA (www/index.html) in a browser, as a user would: client and
// flow chosen on the demo page, the provider's login page, back to the
// callback page, which validates the token and exposes its report.
import { watchErrors } from './browser.mjs';

/**
 * Signs in with `client` (e.g. 'spa-es256') and `flow` ('code', 'hybrid',
 * 'implicit') at the demo served at `appUrl`, whose provider has origin
 * `providerOrigin`. `browser` is a browser of tests/support/browser.mjs (any
 * engine) or a playwright BrowserContext. Returns { token, nonce, claims,
 * header, report, errors }.
 */
export async function signInForToken(browser, { appUrl, providerOrigin, client = 'spa-es256', flow = 'code' }) {
  // The provider's session cookie would skip the login page next time. Where
  // the engine cannot clear cookies (WebKit through WebDriver), a later
  // sign-in may pass the provider on its session: the token is still a new
  // one, for this request's nonce.
  const cleared = (await browser.clearCookies()) !== false;
  const page = await browser.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${appUrl}/?client=${client}&flow=${flow}`);
    await page.waitForFunction(() => window.demoReady === true);
    await page.click('#go');
    if (cleared) {
      await page.waitForURL((u) => u.href.startsWith(providerOrigin), { timeout: 15_000 });
      await page.waitForSelector('#login');
      await page.click('#login');
    } else {
      await page.waitForURL((u) => u.href.startsWith(providerOrigin) || u.pathname === '/callback.html', { timeout: 15_000 });
      if (new URL(await page.url()).href.startsWith(providerOrigin)) {
        await page.waitForSelector('#login');
        await page.click('#login');
      }
    }
    await page.waitForFunction(() => window.idtokenReport?.rows, null, { timeout: 20_000 });
    const report = await page.evaluate(() => window.idtokenReport);
    if (!report.ok) throw new Error(`the demo refused its own sign-in: ${report.verdict} ${report.error?.message ?? ''}`);
    return { token: report.token, nonce: report.claims.nonce, claims: report.claims, header: report.header, report, errors };
  } finally {
    await page.close();
  }
}
