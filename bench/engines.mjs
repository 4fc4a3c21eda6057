// The benchmark's view of an engine, over the test suites' browser layer
// (tests/support/browser.mjs: Chromium through playwright-core, Firefox ESR
// through puppeteer-core over WebDriver BiDi, WebKitGTK's MiniBrowser through
// WebKitWebDriver in an Xvfb). It adds what only the bench needs: a page
// opened at a URL in one call (a fresh page per cold-start sample), CPU time
// where the engine reports it (Chromium's CDP Performance metrics; Firefox
// and WebKit have no equivalent here, so their CPU columns say n/a), WebKit
// pages in visible windows rather than hidden tabs, and the errors of every
// page it opened.
import { ENGINES, launch } from '../tests/support/browser.mjs';

export { ENGINES };

/** How each engine is driven, for the output. */
const HOW = {
  chromium: 'headless, playwright-core over CDP',
  firefox: 'headless, puppeteer-core over WebDriver BiDi',
  webkit: 'MiniBrowser in Xvfb, WebKitWebDriver',
};

// Chromium only: timers and rendering of a page that is not in front are not
// slowed down (the other engines drive one visible page at a time).
const CHROMIUM_ARGS = ['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

/**
 * Starts `engine`. Returns { engine, version, how, open(url), cpuSampler(page),
 * pageErrors(), close() }; `open` resolves to a layer page (evaluate,
 * waitForFunction, close, raw) already at `url`.
 */
export async function openEngine(engine) {
  const browser = await launch(engine, engine === 'chromium' ? { args: CHROMIUM_ARGS } : {});
  const pages = new Set();
  const errors = [];
  const newPage = engine === 'webkit' ? await webkitWindows(browser) : () => browser.newPage();
  return {
    engine,
    version: browser.label,
    how: HOW[engine],
    async open(url) {
      const page = await newPage();
      pages.add(page);
      const close = page.close.bind(page);
      page.close = async () => {
        pages.delete(page);
        errors.push(...page.errors);
        await close();
      };
      try {
        await page.goto(url);
      } catch (e) {
        await page.close();
        throw e;
      }
      return page;
    },
    /**
     * Chromium: an async function returning the renderer's CDP Performance
     * metrics (ProcessTime, ThreadTime, TaskDuration). Others: null.
     */
    async cpuSampler(page) {
      if (engine !== 'chromium') return null;
      const cdp = await browser.raw.newCDPSession(page.raw);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      return async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const all = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
        return Object.fromEntries(['ProcessTime', 'ThreadTime', 'TaskDuration'].filter((k) => typeof all[k] === 'number').map((k) => [k, all[k]]));
      };
    },
    pageErrors: () => [...errors, ...[...pages].flatMap((p) => p.errors)],
    close: () => browser.close(),
  };
}

/**
 * WebKit: the layer opens each page as a new tab, and MiniBrowser keeps a
 * new tab hidden (document.visibilityState 'hidden', where WebKit throttles
 * timers), while the first window and any new top-level window are visible.
 * The bench times a page in front in every engine, so here each page is a
 * new window, driven by the layer's own WebKit page class (taken from one
 * tab, which is closed) through its one-command-at-a-time queue. Falls back
 * to the layer's tabs if its internals change (the run prints the page's
 * visibility either way).
 */
async function webkitWindows(browser) {
  const tab = await browser.newPage(); // also records the first window as the layer's home
  const Page = tab.constructor;
  await tab.close();
  if (typeof browser.run !== 'function' || typeof browser.focus !== 'function') return () => browser.newPage();
  return () => browser.run(async () => {
    const { handle } = await browser.raw.createWindow('window');
    await browser.focus(handle);
    return new Page(browser, handle);
  });
}
