// One browser layer for the tests: opens pages in Chromium, Firefox or
// WebKit, the three engines users ship to, with Debian's packages only
// (never a downloaded browser; `scripts/setup.sh --browser` installs them):
//
//   chromium  /usr/bin/chromium through playwright-core (CDP)
//   firefox   /usr/bin/firefox-esr through puppeteer-core (WebDriver BiDi)
//   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver and
//             webdriverio (WebDriver classic), in an Xvfb of its own
//
// BROWSERS=chromium,firefox,webkit picks the engines (all three by default);
// `engines()` reads it. Every engine gets the same small page API, with
// playwright's argument order:
//
//   const browser = await launch('firefox');
//   const page = await browser.newPage();
//   await page.goto(url);
//   await page.waitForFunction(() => window.ready, null, { timeout: 30_000 });
//   const out = await page.evaluate((x) => x + 1, 41);
//   page.errors;    // uncaught errors and console.error messages of the page
//   page.uncaught;  // uncaught errors (exceptions, unhandled rejections) only
//   await browser.close();
//
// `browser.raw` (playwright BrowserContext, puppeteer Browser, webdriverio
// Browser) and `page.raw` give the engine's own API where a test needs more.
//
// What differs by engine (said here once, and by `browser.limits`):
//  - webkit: WebDriver classic has no log events, so `page.errors` sees
//    uncaught errors, unhandled rejections and console.error only from a hook
//    the layer installs after each navigation (not errors thrown while the
//    page loads; a page that fails to load shows it in its own state), and
//    none from workers. Values come back through JSON (undefined -> null),
//    and waitForFunction resolves to true rather than the value.
//  - hostMap (a made-up host name served by 127.0.0.1, for a non-secure
//    origin): Chromium maps it with --host-resolver-rules; Firefox and WebKit
//    reach it through a small HTTP proxy of the layer on 127.0.0.1, which
//    leaves the page's origin as the made-up name.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The display name of an engine, for test names and output. */
export const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/**
 * The engines to test: BROWSERS (comma-separated), all three by default.
 * An unknown name throws (a typo must not silently test less).
 */
export function engines(value = process.env.BROWSERS) {
  if (value === undefined || value.trim() === '') return [...ENGINES];
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const e of list) {
    if (!ENGINES.includes(e)) throw new Error(`BROWSERS: unknown engine "${e}" (known: ${ENGINES.join(', ')})`);
  }
  return [...new Set(list)];
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Child processes of this layer (Xvfb, WebKitWebDriver), killed if the test
// process exits without closing its browsers.
const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* gone */ }
  }
});
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * An HTTP forward proxy on 127.0.0.1 mapping host names to addresses
 * (`{ 'idtoken.test': '127.0.0.1' }`); other hosts are refused (502), so
 * nothing leaves the machine. Returns { port, close }.
 */
export async function startMappingProxy(hostMap) {
  const server = createServer((req, res) => {
    let target;
    try {
      target = new URL(req.url);
    } catch {
      res.writeHead(400).end('proxy: absolute URL expected');
      return;
    }
    const address = hostMap[target.hostname];
    if (!address || target.protocol !== 'http:') {
      res.writeHead(502).end(`proxy: ${target.hostname} is not mapped`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = httpRequest({
      host: address, port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers,
    }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(`proxy: ${e.message}`); });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

/**
 * Starts `engine` ('chromium', 'firefox', 'webkit'). Options:
 *   hostMap   { host: '127.0.0.1' }: names the engine resolves to addresses
 *   args      extra command-line flags (chromium, firefox)
 *   prefs     extra Firefox preferences (firefox only)
 * Returns a Browser: { engine, name, version, label, limits, raw,
 * newPage(), clearCookies() (false where the engine cannot), close() }.
 */
export async function launch(engine, options = {}) {
  if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}`);
  if (engine === 'chromium') return launchChromium(options);
  if (engine === 'firefox') return launchFirefox(options);
  return launchWebKit(options);
}

/** Collects uncaught errors and console errors of a page (a layer page, or a playwright page). */
export function watchErrors(page) {
  if (Array.isArray(page.errors)) return page.errors;
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

/** Polls `fn` (async, in Node) until it returns a truthy value; `what` may be a function (called on timeout). */
async function poll(fn, { timeout = 30_000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? await what() : what}`);
    await sleep(interval);
  }
}

const fnText = (f) => (typeof f === 'function' ? f.toString() : String(f));

// ------------------------------------------------------------------ chromium

async function launchChromium({ hostMap, args = [] }) {
  const { chromium } = await import('playwright-core');
  const extra = [...args];
  if (hostMap && Object.keys(hostMap).length) {
    extra.push(`--host-resolver-rules=${Object.entries(hostMap).map(([h, a]) => `MAP ${h} ${a}`).join(', ')}`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'idtoken-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extra],
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`chromium: cannot start ${CHROMIUM} (scripts/setup.sh --browser installs it): ${e.message}`);
  }
  const version = context.browser()?.version() ?? chromiumVersion();
  const wrap = (p) => {
    const page = new ChromiumPage(p);
    return page;
  };
  return {
    engine: 'chromium', name: 'Chromium', version, label: `Chromium ${version}`, limits: [], raw: context,
    context,
    async newPage() { return wrap(await context.newPage()); },
    async clearCookies() { await context.clearCookies(); return true; },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).match(/[\d.]+/)?.[0] ?? '?';
  } catch {
    return '?';
  }
}

class ChromiumPage {
  constructor(p) {
    this.raw = p;
    this.errors = [];
    this.uncaught = [];
    p.on('pageerror', (e) => { this.errors.push(String(e)); this.uncaught.push(String(e)); });
    p.on('console', (m) => { if (m.type() === 'error') this.errors.push(m.text()); });
    p.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') this.errors.push(`worker: ${m.text()}`); }));
  }
  goto(url, { timeout = 30_000 } = {}) { return this.raw.goto(url, { timeout }); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  waitForFunction(fn, arg = null, { timeout = 30_000 } = {}) { return this.raw.waitForFunction(fn, arg, { timeout }); }
  click(sel) { return this.raw.click(sel); }
  fill(sel, value) { return this.raw.fill(sel, value); }
  textContent(sel) { return this.raw.textContent(sel); }
  waitForSelector(sel, { timeout = 30_000 } = {}) { return this.raw.waitForSelector(sel, { timeout }); }
  waitForURL(pred, { timeout = 30_000 } = {}) { return this.raw.waitForURL(pred, { timeout }); }
  waitForTimeout(ms) { return sleep(ms); }
  url() { return this.raw.url(); }
  close() { return this.raw.close().catch(() => {}); }
}

// ------------------------------------------------------------------- firefox

async function launchFirefox({ hostMap, prefs = {}, args = [] }) {
  const { default: puppeteer } = await import('puppeteer-core');
  let proxy = null;
  const extraPrefsFirefox = { ...prefs };
  if (hostMap && Object.keys(hostMap).length) {
    proxy = await startMappingProxy(hostMap);
    Object.assign(extraPrefsFirefox, {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
    });
  }
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, protocol: 'webDriverBiDi', headless: true, extraPrefsFirefox, args,
    });
  } catch (e) {
    await proxy?.close();
    throw new Error(`firefox: cannot start ${FIREFOX} (scripts/setup.sh --browser installs firefox-esr): ${e.message}`);
  }
  const version = (await browser.version()).replace(/^firefox\//i, '');
  return {
    engine: 'firefox', name: 'Firefox', version, label: `Firefox ${version}`,
    limits: ['worker console errors are not observed (WebDriver BiDi reports the page\'s only)'],
    raw: browser,
    async newPage() { return new FirefoxPage(await browser.newPage()); },
    async clearCookies() {
      const ctx = browser.defaultBrowserContext();
      const cookies = await ctx.cookies();
      if (cookies.length) await ctx.deleteCookie(...cookies);
      return true;
    },
    async close() {
      await browser.close().catch(() => {});
      await proxy?.close();
    },
  };
}

class FirefoxPage {
  constructor(p) {
    this.raw = p;
    this.errors = [];
    this.uncaught = [];
    p.on('pageerror', (e) => {
      this.errors.push(String(e));
      // Firefox reports CSP violations as script errors; they are the
      // browser's report, not an exception of the page.
      if (!/^(Error: )?Content-Security-Policy: /.test(e?.message ?? String(e))) this.uncaught.push(String(e));
    });
    p.on('console', (m) => { if (m.type() === 'error') this.errors.push(m.text()); });
  }
  goto(url, { timeout = 30_000 } = {}) { return this.raw.goto(url, { timeout, waitUntil: 'load' }); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  // Polled from here rather than with puppeteer's waitForFunction, which
  // gives up when an evaluation meets a navigation (into an extension's
  // process, for one): such a poll counts as false.
  async waitForFunction(fn, arg = null, { timeout = 30_000 } = {}) {
    let last = '';
    const once = () => this.raw.evaluate(fn, arg).then((v) => !!v, (e) => { last = String(e?.message ?? e).slice(0, 300); return false; });
    return poll(once, { timeout, what: () => `${fnText(fn)} in Firefox${last ? ` (last error: ${last})` : ''}` });
  }
  click(sel) { return this.raw.click(sel); }
  async fill(sel, value) { await this.raw.locator(sel).fill(value); }
  textContent(sel) { return this.raw.$eval(sel, (e) => e.textContent); }
  waitForSelector(sel, { timeout = 30_000 } = {}) { return this.raw.waitForSelector(sel, { timeout }); }
  waitForURL(pred, { timeout = 30_000 } = {}) {
    return poll(() => pred(new URL(this.raw.url())), { timeout, what: () => `the URL (at ${this.raw.url()})` });
  }
  waitForTimeout(ms) { return sleep(ms); }
  url() { return this.raw.url(); }
  close() { return this.raw.close().catch(() => {}); }
}

// -------------------------------------------------------------------- webkit

/** Starts Xvfb on a free display; returns { display, process }. */
async function startXvfb() {
  const child = track(spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  }));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const display = await new Promise((ok, fail) => {
    let out = '';
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) ok(`:${out.trim()}`);
    });
    child.on('error', (e) => fail(new Error(`Xvfb: ${e.message} (scripts/setup.sh --browser installs xvfb)`)));
    child.on('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
  });
  return { display, process: child };
}

// Installed after each navigation: collects what WebDriver classic cannot report.
const ERROR_HOOK = `if (!window.__idtokenErrors) {
  const sink = window.__idtokenErrors = [];
  addEventListener('error', (e) => sink.push({ uncaught: true, text: String(e.error ?? e.message) }));
  addEventListener('unhandledrejection', (e) => sink.push({ uncaught: true, text: 'Uncaught (in promise) ' + String(e.reason) }));
  const original = console.error;
  console.error = function (...a) { sink.push({ uncaught: false, text: a.map(String).join(' ') }); return original.apply(this, a); };
}`;

// MiniBrowser 2.50 can die at start-up (a segfault within half a second),
// and WebKitWebDriver then never answers the new-session request. With
// WebDriver's `proxy` capability it did so in about half of all launches
// here, so the mapping proxy is given on MiniBrowser's command line instead
// (--proxy, --ignore-host): no crash in 15 launches, nor in 6 pairs started
// together. A launch whose MiniBrowser still exits, or that gets no session
// in time, is ended and tried again after a random pause, saying so on
// stderr. A normal launch takes 1-3 s.
const WEBKIT_LAUNCH_TIMEOUT_MS = 45_000;
const WEBKIT_LAUNCH_ATTEMPTS = 3;

async function launchWebKit({ hostMap }) {
  for (const [what, path] of [['WebKitWebDriver', WEBKIT_DRIVER], ['MiniBrowser', MINIBROWSER]]) {
    if (!existsSync(path)) throw new Error(`webkit: ${what} not found at ${path} (scripts/setup.sh --browser installs webkit2gtk-driver)`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchWebKitOnce({ hostMap });
    } catch (e) {
      if (!e.launchTimedOut || attempt === WEBKIT_LAUNCH_ATTEMPTS) throw e;
      process.stderr.write(`${e.message}; trying again (attempt ${attempt + 1} of ${WEBKIT_LAUNCH_ATTEMPTS})\n`);
    }
    await sleep(500 + Math.random() * 4500);
  }
}

/**
 * Fails when the browser WebKitWebDriver started has exited (read from
 * /proc: the driver has no child left after having had one) or when no
 * session exists after WEBKIT_LAUNCH_TIMEOUT_MS. Either error has
 * `launchTimedOut`, so the launch is tried again.
 */
export function watchMiniBrowser(driverPid) {
  const children = () => {
    try {
      return readdirSync(`/proc/${driverPid}/task`)
        .flatMap((tid) => readFileSync(`/proc/${driverPid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    } catch {
      return null; // no /proc here: the timer alone decides
    }
  };
  let interval;
  let timer;
  const failed = new Promise((_, fail) => {
    const give = (why) => fail(Object.assign(new Error(why), { launchTimedOut: true }));
    let seen = false;
    interval = setInterval(() => {
      const list = children();
      if (list === null) return;
      if (list.length) seen = true;
      else if (seen) give('MiniBrowser exited before the session began');
    }, 200);
    timer = setTimeout(() => give(`no session after ${WEBKIT_LAUNCH_TIMEOUT_MS / 1000} s`), WEBKIT_LAUNCH_TIMEOUT_MS);
  });
  failed.catch(() => {});
  return { failed, stop: () => { clearInterval(interval); clearTimeout(timer); } };
}

async function launchWebKitOnce({ hostMap }) {
  const { remote } = await import('webdriverio');
  const xvfb = await startXvfb();
  let proxy = null;
  let driver = null;
  try {
    if (hostMap && Object.keys(hostMap).length) proxy = await startMappingProxy(hostMap);
    const port = await freePort();
    driver = track(spawn(WEBKIT_DRIVER, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }));
    let driverLog = '';
    driver.stderr.on('data', (d) => { driverLog = (driverLog + d).slice(-4000); });
    await poll(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/status`)).ok;
      } catch {
        return false;
      }
    }, { timeout: 15_000, what: `WebKitWebDriver on port ${port}: ${driverLog}` });
    const capabilities = {
      browserName: 'MiniBrowser',
      'wdio:enforceWebDriverClassic': true, // WebKitWebDriver 2.50 has no BiDi session
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      timeouts: { script: 900_000, pageLoad: 60_000, implicit: 0 },
    };
    if (proxy) {
      capabilities['webkitgtk:browserOptions'].args.push(
        `--proxy=http://127.0.0.1:${proxy.port}`, '--ignore-host=127.0.0.1', '--ignore-host=localhost',
      );
    }
    const session = remote({ hostname: '127.0.0.1', port, path: '/', logLevel: 'silent', connectionRetryCount: 0, capabilities });
    session.catch(() => {}); // settled by stopping the driver below when the watch wins
    const watch = watchMiniBrowser(driver.pid);
    let browser;
    try {
      browser = await Promise.race([session, watch.failed]);
    } finally {
      watch.stop();
    }
    return new WebKitBrowser(browser, { xvfb, driver, proxy });
  } catch (e) {
    await stop(driver);
    await stop(xvfb.process);
    await proxy?.close();
    throw Object.assign(new Error(`webkit: cannot start MiniBrowser through WebKitWebDriver: ${e.message}`), {
      launchTimedOut: !!e.launchTimedOut,
    });
  }
}

class WebKitBrowser {
  constructor(wd, { xvfb, driver, proxy }) {
    this.engine = 'webkit';
    this.name = 'WebKit';
    this.raw = wd;
    this.version = wd.capabilities.browserVersion;
    this.label = `WebKitGTK ${this.version}`;
    this.limits = [
      'page errors are seen from after each navigation only, and none from workers (WebDriver classic has no log events)',
      'cookies cannot be cleared (deleted ones come back in the next tab)',
    ];
    this.procs = { xvfb, driver, proxy };
    this.queue = Promise.resolve();
    this.current = null;
    this.home = null; // the first window, kept open: closing the last one would end the session
  }

  /** Runs `op` alone (one WebDriver session has one current window). */
  run(op) {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => {});
    return next;
  }

  async focus(handle) {
    if (this.current !== handle) {
      await this.raw.switchToWindow(handle);
      this.current = handle;
    }
  }

  newPage() {
    return this.run(async () => {
      if (!this.home) {
        this.home = await this.raw.getWindowHandle();
        this.current = this.home;
      }
      const { handle } = await this.raw.createWindow('tab');
      await this.focus(handle);
      return new WebKitPage(this, handle);
    });
  }

  /**
   * Not possible here: WebDriver's Delete All Cookies empties the current
   * tab's view, but MiniBrowser's next tab has the cookies again. Returns
   * false so that a caller can tell (chromium and firefox return true).
   */
  async clearCookies() {
    return false;
  }

  async close() {
    await this.raw.deleteSession().catch(() => {});
    await stop(this.procs.driver);
    await stop(this.procs.xvfb.process);
    await this.procs.proxy?.close();
  }
}

class WebKitPage {
  constructor(browser, handle) {
    this.browser = browser;
    this.handle = handle;
    this.raw = browser.raw;
    this.errors = [];
    this.uncaught = [];
    this.closed = false;
  }

  /** Runs `op` with this page's window current, then collects its errors. */
  run(op, { collect = true } = {}) {
    return this.browser.run(async () => {
      if (this.closed) throw new Error('webkit: page is closed');
      await this.browser.focus(this.handle);
      try {
        return await op(this.raw);
      } finally {
        if (collect) await this.drain();
      }
    });
  }

  async drain() {
    try {
      const found = await this.raw.execute(() => (window.__idtokenErrors ? window.__idtokenErrors.splice(0) : []));
      if (!Array.isArray(found)) return;
      for (const { uncaught, text } of found) {
        this.errors.push(text);
        if (uncaught) this.uncaught.push(text);
      }
    } catch { /* navigating, or a page without script */ }
  }

  async hook() {
    try { await this.raw.execute(ERROR_HOOK); } catch { /* not a scriptable page */ }
  }

  goto(url) {
    return this.run(async (wd) => {
      await this.drain();
      await wd.url(url);
      await this.hook();
    }, { collect: false });
  }

  evaluate(fn, arg) {
    return this.run(async (wd) => {
      // As a JSON string: WebKitWebDriver fails to return some plain objects
      // (an error without a message) that playwright and BiDi serialise.
      const json = await wd.execute(`return Promise.resolve((${fnText(fn)})(arguments[0]))
        .then((v) => JSON.stringify(v === undefined ? null : v));`, arg === undefined ? null : arg);
      const value = json === undefined || json === null ? null : JSON.parse(json);
      await this.hook(); // the evaluation may have navigated
      return value;
    });
  }

  async waitForFunction(fn, arg = null, { timeout = 30_000 } = {}) {
    const source = `return Promise.resolve((${fnText(fn)})(arguments[0])).then((v) => !!v);`;
    // A script cannot run while the window navigates: that poll counts as false.
    let last = '';
    const once = () => this.run((wd) => wd.execute(source, arg), { collect: false })
      .catch((e) => { last = String(e?.message ?? e).slice(0, 300); return false; });
    return poll(once, { timeout, what: () => `${fnText(fn)} in WebKit${last ? ` (last error: ${last})` : ''}` });
  }

  click(sel) {
    return this.run(async (wd) => {
      await (await wd.$(sel)).click();
      await this.hook();
    });
  }

  fill(sel, value) {
    return this.run(async (wd) => { await (await wd.$(sel)).setValue(value); });
  }

  textContent(sel) {
    return this.run((wd) => wd.execute((s) => document.querySelector(s)?.textContent ?? null, sel));
  }

  async waitForSelector(sel, { timeout = 30_000 } = {}) {
    await poll(() => this.run((wd) => wd.execute((s) => document.querySelector(s) !== null, sel).catch(() => false), { collect: false }),
      { timeout, what: sel });
    await this.run(() => this.hook(), { collect: false });
  }

  async waitForURL(pred, { timeout = 30_000 } = {}) {
    await poll(async () => pred(new URL(await this.url())), { timeout, what: async () => `the URL (at ${await this.url()})` });
  }

  waitForTimeout(ms) { return sleep(ms); }

  url() { return this.run((wd) => wd.getUrl(), { collect: false }); }

  close() {
    if (this.closed) return Promise.resolve();
    return this.browser.run(async () => {
      await this.browser.focus(this.handle);
      await this.drain();
      await this.raw.closeWindow().catch(() => {});
      this.closed = true;
      this.browser.current = null;
      await this.browser.focus(this.browser.home);
    });
  }
}
