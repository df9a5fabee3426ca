import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium; .ci/run does); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(CHROMIUM);
/** Screenshots the browser tests take (the README shows some of them). */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** `describe`, or `describe.skip` with one line saying why when this machine has no Chromium. */
export function describeInBrowser(name: string, body: () => void): void {
  if (!hasBrowser) process.stderr.write(`${name}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)\n`);
  // the web app is the same over either database: CI's second run (external services only) leaves the pages to the first
  const covered = process.env.TEST_EMBEDDED === 'skip';
  if (hasBrowser && covered) process.stderr.write(`${name}: skipped, the browser suites ran in the embedded run (TEST_EMBEDDED=skip)\n`);
  (hasBrowser && !covered ? describe : describe.skip)(name, () => {
    // a person's whole path through several pages; on a loaded 2-core machine a browser needs its time
    jest.setTimeout(180_000);
    body();
  });
}

/** Headless Chromium as the machine allows it (no sandbox as root, nothing fetched from the internet). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * Collects what the content security policy refused on a page: the browser reports each refusal as a
 * console error and a `securitypolicyviolation` event. Every page must load and work with none.
 */
export async function cspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (/content security policy|securitypolicyviolation/i.test(msg.text())) seen.push(msg.text());
  });
  page.on('pageerror', (err) => seen.push(`pageerror: ${err.message}`));
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('securitypolicyviolation: ' + e.violatedDirective + ' ' + e.blockedURI))`);
  return seen;
}

/**
 * Signs in on the web app's sign-in page as a person would, starting from `path` (a deep link such as
 * `/#/patrols/<id>` comes back there after sign-in), and waits for the app's shell.
 */
export async function signIn(page: Page, baseUrl: string, username: string, options: { password?: string; path?: string } = {}): Promise<void> {
  await page.goto(`${baseUrl}${options.path ?? '/'}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', options.password ?? 'password-123');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=nav]', { state: 'visible' });
}

/**
 * A screenshot once the page's fonts are in: on a machine without a Chinese font the app's CJK face
 * (8 MB) may still be arriving, and text drawn meanwhile would show as boxes.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.evaluate('document.fonts.ready.then(() => true)');
  // drawers and dialogs slide in: a picture taken mid-way shows them cut off
  // (endless ones, such as a blinking level-1 mark, never finish and are not waited for)
  // (polled with evaluate: waitForFunction compiles its predicate with eval, which the app's CSP refuses)
  const settled = 'document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)';
  for (let i = 0; i < 50 && !(await page.evaluate(settled)); i++) await page.waitForTimeout(100);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), ...options });
}

/** The faces Chromium actually drew an element's text with (DevTools protocol), e.g. to prove Chinese is not drawn as boxes. */
export async function fontsDrawing(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

/** Draws a signature as a finger would: a wavy stroke across the pad. */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 14; i += 1) await page.mouse.move(box.x + 20 + i * 22, box.y + box.height / 2 - Math.sin(i / 2) * 50, { steps: 3 });
  await page.mouse.up();
}

/**
 * What sticks out sideways past the viewport, after the page had up to 5 s to lay itself out again
 * (a resize is answered by resize observers, late on a loaded machine): `[]` when nothing does, else
 * the elements whose right edge passes the viewport's, widest first, to name the culprit.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  const fits = 'document.documentElement.scrollWidth <= window.innerWidth';
  for (let i = 0; i < 50 && !(await page.evaluate(fits)); i++) await page.waitForTimeout(100);
  return page.evaluate(`(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    return [...document.querySelectorAll('body *')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > window.innerWidth + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map((x) => x.el.tagName.toLowerCase() + (x.el.className && typeof x.el.className === 'string' ? '.' + x.el.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(x.right));
  })()`);
}
