import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Namespace } from 'socket.io';
import { DashboardGateway } from '../../apps/console/src/dashboard/dashboard.gateway';
import { ARTIFACTS, cspViolations, describeInBrowser, launchBrowser } from '../support/browser';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/**
 * One address for the browser whichever platform answers behind it: a platform closed and a new one
 * started on the same database looks to the page like a server restarted on the same port.
 */
class SwitchingProxy {
  private target: URL | null;
  private readonly open = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    target: string,
  ) {
    this.target = new URL(target);
    server.on('connection', (client) => this.pipe(client));
  }

  static async start(target: string): Promise<SwitchingProxy> {
    const server = createServer();
    const proxy = new SwitchingProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  /** Sends new connections to another platform (null: refuses them, as a stopped server does) and cuts the ones open. */
  point(target: string | null): void {
    this.target = target ? new URL(target) : null;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  async close(): Promise<void> {
    this.point(null);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    if (!this.target) return void client.destroy();
    const upstream = connect(Number(this.target.port), this.target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.open.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.open.delete(a);
        b.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}

describeInBrowser('web-wall in headless Chromium', () => {
  const target = databaseTargets()[0];
  const env = { VIGIL_MISSED_HEARTBEATS: '2', VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `w-${randomBytes(4).toString('hex')}` };
  let db: TestDatabase;
  let platform: TestPlatform;
  let proxy: SwitchingProxy;
  let browser: Browser;
  let fleet: DeviceFleet;
  let admin: { Authorization: string };
  let username: string;
  const sites: Record<'east' | 'west' | 'north', string> = { east: '', west: '', north: '' };

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db, { env });
    proxy = await SwitchingProxy.start(platform.baseUrl);
    fleet = await DeviceFleet.connect(platform);
    browser = await launchBrowser();
    admin = { Authorization: `Bearer ${await platform.login()}` };
    username = uniqueId('wall');
    await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role: 'operator' }).expect(201);
    const names = { east: '东区监控分中心', west: '西区派出所机房', north: '北区交通路口 12 号' };
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      sites[key] = (
        await platform.http
          .post('/api/sites')
          .set(admin)
          .send(makeSite({ name: names[key] }))
          .expect(201)
      ).body.id;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await fleet?.close();
    await proxy?.close();
    await platform?.close();
    await db?.drop();
  });

  async function addDevice(siteId: string, type: string, heartbeatIntervalSec: number): Promise<string> {
    const id = uniqueId(type.toUpperCase());
    await platform.http.post('/api/devices').set(admin).send({ id, type, siteId, heartbeatIntervalSec }).expect(201);
    return id;
  }

  async function statusOf(id: string): Promise<string> {
    return (await platform.http.get(`/api/devices/${id}`).set(admin).expect(200)).body.status;
  }

  /** One heartbeat, then silence: with a one-second interval and two missed, the device is offline two seconds later. */
  async function goSilent(id: string): Promise<void> {
    await waitFor(
      async () => {
        await fleet.heartbeat(id);
        return (await statusOf(id)) === 'online';
      },
      15_000,
      300,
    );
  }

  /** Opens the wall as a person would: the link first, sign-in, and back on the wall. */
  async function openWall(page: Page, query = '?rotate=0'): Promise<void> {
    await page.goto(`${proxy.url}/#/wall${query}`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'password-123');
    await page.click('button[type=submit]');
    await page.locator('[data-testid=WallView][data-complete=true]').waitFor({ timeout: 30_000 });
  }

  /** Nothing scrolls, nothing is cut off at the bottom or the right: the wall is exactly the screen. */
  function layout(page: Page): Promise<{ viewport: number[]; wall: number[]; scrolls: boolean; outside: number }> {
    // a string run in the page, where the DOM is (the tests are compiled without DOM types)
    return page.evaluate(`(() => {
      const wall = document.querySelector('[data-testid=WallView]').getBoundingClientRect();
      const parts = [...document.querySelectorAll('[data-testid=wall-site], [data-testid^=wall-level-], .stats div, footer button, [data-testid=wall-faults] tr')].map((e) => e.getBoundingClientRect());
      return {
        viewport: [window.innerWidth, window.innerHeight],
        wall: [Math.round(wall.width), Math.round(wall.height)],
        scrolls: document.documentElement.scrollHeight > window.innerHeight || document.documentElement.scrollWidth > window.innerWidth,
        outside: parts.filter((r) => r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5).length,
      };
    })()`);
  }

  type Styles = { getComputedStyle(e: unknown): { fontSize: string } };
  const fontPx = (page: Page, selector: string): Promise<number> =>
    page
      .locator(selector)
      .first()
      .evaluate((e) => parseFloat((globalThis as unknown as Styles).getComputedStyle(e).fontSize));
  const order = (page: Page) => page.locator('[data-testid=wall-sites] [data-testid=wall-site]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')));

  it('should fill a 4K wall without scrolling in letters readable across the room, and order the sites by severity as devices go silent', async () => {
    const camEast = await addDevice(sites.east, 'camera', 1);
    const srvNorth = await addDevice(sites.north, 'server', 1);
    // each site keeps a device that stays up, so none goes dark as a whole (that would be one site fault instead)
    const steady = [await addDevice(sites.east, 'camera', 600), await addDevice(sites.west, 'dvr', 600), await addDevice(sites.north, 'camera', 600)];
    for (const id of steady) await goSilent(id);

    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    const violations = await cspViolations(page);
    await openWall(page);
    expect(await layout(page)).toEqual({ viewport: [3840, 2160], wall: [3840, 2160], scrolls: false, outside: 0 });
    expect(await fontPx(page, '[data-testid=wall-level-1] .count')).toBeGreaterThanOrEqual(250);
    expect(await fontPx(page, '[data-testid=wall-level-1] .label')).toBeGreaterThanOrEqual(48);

    await page.click('[data-testid=wall-slide-sites-0]');
    await page.locator('[data-testid=wall-sites] [data-testid=wall-site]').nth(2).waitFor();
    expect(await fontPx(page, '[data-testid=wall-sites] [data-testid=wall-site]')).toBeGreaterThanOrEqual(40);
    expect(await fontPx(page, '[data-testid=wall-sites] .chip, [data-testid=wall-sites] .name')).toBeGreaterThanOrEqual(40);

    // a camera in the east goes silent: a level-3 fault puts the east first
    await goSilent(camEast);
    await page.locator(`[data-testid=wall-sites] [data-rank="0"][data-site="${sites.east}"][data-worst="3"]`).waitFor({ timeout: 30_000 });
    // then a server in the north: level 1 outranks it, and the wall sounds and flashes
    await goSilent(srvNorth);
    await page.locator(`[data-testid=wall-sites] [data-rank="0"][data-site="${sites.north}"][data-worst="1"]`).waitFor({ timeout: 30_000 });
    expect(await order(page)).toEqual([sites.north, sites.east, sites.west]);
    await page.locator('[data-testid=wall-alarm]', { hasText: '北区交通路口 12 号' }).waitFor();
    expect(await page.locator('.flash').count()).toBe(1);
    expect(await layout(page)).toMatchObject({ scrolls: false, outside: 0 });
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-4k-sites.png'), animations: 'disabled' });

    await page.click('[data-testid=wall-slide-summary-0]');
    await page.locator('[data-testid=wall-level-1] .count', { hasText: /^1$/ }).waitFor();
    await page.locator('[data-testid=wall-level-3] .count', { hasText: /^1$/ }).waitFor();
    expect(await page.locator('[data-testid=wall-top-sites] [data-site]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')))).toEqual([sites.north, sites.east]);
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-4k.png'), animations: 'disabled' });

    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(await layout(page)).toEqual({ viewport: [1920, 1080], wall: [1920, 1080], scrolls: false, outside: 0 });
    await page.click('[data-testid=wall-slide-faults-0]');
    await page.locator('[data-testid=wall-faults] tr', { hasText: srvNorth }).waitFor();
    expect(await layout(page)).toMatchObject({ scrolls: false, outside: 0 });
    await page.click('[data-testid=wall-slide-summary-0]');
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-1080.png'), animations: 'disabled' });
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('should rotate on its own and hold when paused', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await openWall(page, '?rotate=5&views=summary,faults');
    expect(await page.getAttribute('[data-testid=WallView]', 'data-slide')).toBe('summary');
    await page.locator('[data-testid=WallView][data-slide=faults]').waitFor({ timeout: 15_000 });
    await page.click('[data-testid=wall-pause]');
    await page.locator('[data-testid=wall-pause][aria-pressed=true]').waitFor();
    // paused on the faults: still there after more than one slide's time (the page's own clock says how long)
    const pausedAt = await page.evaluate(() => performance.now());
    await waitFor(async () => (await page.evaluate(() => performance.now())) - pausedAt > 6000, 20_000, 500);
    expect(await page.getAttribute('[data-testid=WallView]', 'data-slide')).toBe('faults');
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('should come back by itself after the server ends its socket and after the platform restarts, and show new faults without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const violations = await cspViolations(page);
    await openWall(page, '?rotate=0&views=faults,summary');
    const loadedAt = await page.evaluate(() => performance.timeOrigin);
    const reconnecting = page.locator('[data-testid=wall-reconnecting]');

    // the server ends the socket (as it does to a browser too far behind): socket.io does not reconnect by itself then
    const gateway = platform.app.get(DashboardGateway) as unknown as { server: Namespace };
    gateway.server.disconnectSockets(true);
    await reconnecting.waitFor({ timeout: 10_000 });
    await reconnecting.waitFor({ state: 'detached', timeout: 30_000 });
    const camWest = await addDevice(sites.west, 'camera', 1);
    await goSilent(camWest);
    await page.locator('[data-testid=wall-faults] tr', { hasText: camWest }).waitFor({ timeout: 30_000 });

    // the platform stops; another starts on the same database, reached at the same address
    proxy.point(null);
    await fleet.close();
    await platform.close();
    await reconnecting.waitFor({ timeout: 15_000 });
    platform = await startTestPlatform(db, { env });
    proxy.point(platform.baseUrl);
    fleet = await DeviceFleet.connect(platform);
    admin = { Authorization: `Bearer ${await platform.login()}` };
    await reconnecting.waitFor({ state: 'detached', timeout: 60_000 });
    const camNorth = await addDevice(sites.north, 'camera', 1);
    await goSilent(camNorth);
    await page.locator('[data-testid=wall-faults] tr', { hasText: camNorth }).waitFor({ timeout: 30_000 });
    await page.click('[data-testid=wall-slide-summary-0]');
    const level3 = (await platform.http.get('/api/dashboard/overview').set(admin).expect(200)).body.summary[3];
    await page.locator('[data-testid=wall-level-3] .count', { hasText: new RegExp(`^${level3}$`) }).waitFor({ timeout: 15_000 });

    // the same page all along, still signed in
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
    expect(await page.evaluate('localStorage.getItem("vigil.token")')).toBeTruthy();
    expect(violations).toEqual([]);
    await page.close();
  }, 240_000);
});
