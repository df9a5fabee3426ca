import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { PlatformProcess } from '../ingest/platform-process';
import { round, sleep, until } from '../ingest/stats';
import { heartbeats, offlines, overview, pickVictims, registerEstate, waitForOverview, type WebEstate } from './estate';
import { OutagePublisher } from './outage-publisher';
import { PageProbe, summariseLongTasks, topFunctions, type PageTimes } from './page-probe';

const ROOT = resolve(__dirname, '../../..');
const ADMIN_PASSWORD = 'bench-password-1';

/** Issue [10] item 7: what the front end must do with 100,000 devices and 5,000 going offline at once. */
const BUDGETS = {
  firstPaintMs: 1000,
  summaryCompleteMs: 2000,
  longTaskMs: 200,
  /** What the page still holds after a full collection, over what it held before the outage. */
  heapGrowthMiB: 50,
};

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    sites: { type: 'string', default: '200' },
    offline: { type: 'string', default: '5000' },
    routes: { type: 'string', default: 'wall,operator' },
    'settle-sec': { type: 'string', default: '10' },
    /** Also record CPU profiles of the page opening and during the outage (test-artifacts/bench-web-<route>-*.cpuprofile) and print where the time went. */
    profile: { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:web: ${message}\n`);
  process.exit(2);
}

const devices = Number(args.devices);
const sites = Number(args.sites);
const offline = Number(args.offline);
const settleSec = Number(args['settle-sec']);
const routes = args.routes.split(',').map((r) => r.trim());
if (!Number.isInteger(devices) || devices < 100 || devices > 1_000_000) fail('--devices must be a whole number from 100 to 1000000');
if (!Number.isInteger(sites) || sites < 1 || sites > devices / 10) fail('--sites must be a whole number from 1 to a tenth of the devices');
if (!Number.isInteger(offline) || offline < 1 || offline > devices / 4) fail('--offline must be a whole number from 1 to a quarter of the devices');
if (!Number.isFinite(settleSec) || settleSec < 0) fail('--settle-sec must be a number of seconds');
if (routes.some((r) => !/^[a-z][a-z-]*$/.test(r))) fail('--routes is a comma-separated list of app routes, such as wall,operator');

const log = (line: string) => process.stderr.write(`[bench:web] ${line}\n`);
const MiB = (bytes: number) => round(bytes / 2 ** 20, 1);
const ratio = (value: number | null, budget: number) => (value === null ? null : round(value / budget, 2));

/** The root element each route's view renders (the app's convention: `data-testid="<Name>View"`). */
function viewSelector(route: string): string {
  const name = route.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  return `[data-testid=${name}View]`;
}

/** For the wall, the open faults it counts (on its root, whichever slide it shows); other views are not read (their markup is theirs). */
async function openShown(probe: PageProbe, route: string): Promise<number | null> {
  if (route !== 'wall') return null;
  const text = await probe.page.getAttribute('[data-testid=WallView]', 'data-open');
  return text ? Number(text) : null;
}

async function measureRoute(browser: Browser, platform: PlatformProcess, publisher: OutagePublisher, estate: WebEstate, route: string, index: number) {
  const path = `/#/${route}`;
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await PageProbe.install(context, viewSelector(route));
  try {
    // 1. sign-in from the route's link, as a person does: from pressing the button to the view drawn
    log(`${route}: signing in from ${path}`);
    const first = await PageProbe.open(context);
    await first.page.goto(`${platform.baseUrl}${path}`);
    await first.page.fill('input[name=username]', 'admin');
    await first.page.fill('input[name=password]', ADMIN_PASSWORD);
    await first.page.click('button[type=submit]');
    const signIn = await first.settle(20_000);
    await first.page.close();
    const after = (t: PageTimes, at: number | null) => (at === null || t.submitAt === null ? null : round(at - t.submitAt, 0));

    // 2. the route opened again, signed in (the wall's browser restarting, a bookmark): from navigation
    log(`${route}: opening it signed in`);
    const probe = await PageProbe.open(context);
    if (args.profile) await probe.startProfile();
    await probe.page.goto(`${platform.baseUrl}${path}`);
    const load: PageTimes = await probe.settle(20_000);
    if (args.profile) {
      await sleep(3000);
      const profile = await probe.stopProfile();
      writeFileSync(join(ROOT, 'test-artifacts', `bench-web-${route}-opening.cpuprofile`), JSON.stringify(profile));
      log(`${route}: where the page's time went opening it (self ms): ${JSON.stringify(topFunctions(profile))}`);
    }

    // 3. the outage, on that page
    await sleep(3000);
    const before = await overview(platform);
    const heapBefore = await probe.heapUsed(true);
    // the opening's own tasks, from navigation until now (the outage's are counted apart)
    const loadTasks = summariseLongTasks(await probe.longTasksSince(0), BUDGETS.longTaskMs);
    const since = await probe.now();
    const sampler = probe.sampleHeap();
    if (args.profile) await probe.startProfile();
    const victims = pickVictims(estate, offline, index);
    log(`${route}: ${victims.length} devices go offline at once (${before.open} faults open before)`);
    const statuses0 = await platform.counter('vigil_ingest_messages_total', 'result="status"');
    const t0 = Date.now();
    await publisher.publishAll(offlines(victims));
    const publishedSec = (Date.now() - t0) / 1000;
    const received = await until(async () => (await platform.counter('vigil_ingest_messages_total', 'result="status"')) - statuses0 >= victims.length, 10 * 60_000, 500);
    const ingestSec = received ? (Date.now() - t0) / 1000 : null;
    const target = before.open + victims.length;
    const reached = await waitForOverview(platform, (o) => o.open >= target, 10 * 60_000, log);
    const restSec = (Date.now() - t0) / 1000;
    let shownSec: number | null = null;
    if (route === 'wall') {
      const end = Date.now() + 120_000;
      while (Date.now() < end && ((await openShown(probe, route)) ?? 0) < (reached?.open ?? target)) await sleep(250);
      if (((await openShown(probe, route)) ?? 0) >= (reached?.open ?? target)) shownSec = (Date.now() - t0) / 1000;
    }
    // the stragglers: the last coalesced events, the page's last redraws
    await sleep(settleSec * 1000);
    const tasks = await probe.longTasksSince(since);
    if (args.profile) {
      const profile = await probe.stopProfile();
      writeFileSync(join(ROOT, 'test-artifacts', `bench-web-${route}-outage.cpuprofile`), JSON.stringify(profile));
      log(`${route}: where the page's time went during the outage (self ms): ${JSON.stringify(topFunctions(profile))}`);
    }
    const heapPeak = await sampler.stop();
    const heapAfter = await probe.heapUsed(true);
    await probe.page.screenshot({ path: join(ROOT, 'test-artifacts', `bench-web-${route}-outage.png`) });

    // 4. back up: the devices heartbeat again and their faults clear, ready for the next route
    log(`${route}: the ${victims.length} devices come back`);
    await publisher.publishAll(heartbeats(victims));
    const restored = await waitForOverview(platform, (o) => o.open <= before.open, 10 * 60_000, log);
    const heapRestored = await probe.heapUsed(true);
    const longTasks = summariseLongTasks(tasks, BUDGETS.longTaskMs);

    const firstPaintAfterSignIn = after(signIn, signIn.viewPaintedAt);
    const summaryAfterSignIn = after(signIn, signIn.summaryCompleteMs);
    const growth = MiB(heapAfter - heapBefore);
    return {
      route: path,
      mark: load.summaryCompleteMs === null ? 'no mark' : 'vigil:summary-complete',
      signIn: { firstPaintMs: firstPaintAfterSignIn, summaryCompleteMs: summaryAfterSignIn },
      signedInLoad: {
        firstPaintMs: round(load.firstPaintMs, 0),
        firstContentfulPaintMs: round(load.firstContentfulPaintMs, 0),
        summaryCompleteMs: round(load.summaryCompleteMs, 0),
        longTasks: loadTasks,
      },
      outage: {
        devices: victims.length,
        openBefore: before.open,
        openAfter: reached?.open ?? null,
        publishSec: round(publishedSec, 1),
        ingestReceivedAllSec: ingestSec === null ? null : round(ingestSec, 1),
        restShowsAllSec: reached ? round(restSec, 1) : null,
        pageShowsAllSec: shownSec === null ? null : round(shownSec, 1),
        longTasks,
        heapMiB: { before: MiB(heapBefore), peak: MiB(heapPeak), afterGc: MiB(heapAfter), growth, afterRestoreGc: MiB(heapRestored) },
        restoredToBaseline: restored !== null,
      },
      ratios: {
        firstPaintAfterSignIn: ratio(firstPaintAfterSignIn, BUDGETS.firstPaintMs),
        firstPaintSignedInLoad: ratio(load.firstPaintMs, BUDGETS.firstPaintMs),
        summaryCompleteAfterSignIn: summaryAfterSignIn === null ? 'no mark' : ratio(summaryAfterSignIn, BUDGETS.summaryCompleteMs),
        summaryCompleteSignedInLoad: load.summaryCompleteMs === null ? 'no mark' : ratio(load.summaryCompleteMs, BUDGETS.summaryCompleteMs),
        longestTaskOpening: ratio(loadTasks.maxMs, BUDGETS.longTaskMs),
        longestTaskDuringOutage: ratio(longTasks.maxMs, BUDGETS.longTaskMs),
        heapGrowth: ratio(Math.max(0, growth ?? 0), BUDGETS.heapGrowthMiB),
      },
    };
  } finally {
    await context.close();
  }
}

/**
 * The front end's budgets on a large estate, in headless Chromium: the built platform as a child process
 * (embedded broker and SQLite, the lab switch on as the README says), `devices` devices over `sites` sites,
 * all online; then for each route: sign-in to first paint and complete summary, the route opened again
 * signed in, and `offline` devices going offline at once (their Last Will, live), watching the page's long
 * tasks and heap while the faults arrive; then they come back before the next route.
 */
async function main(): Promise<void> {
  const port = 42_000 + Math.floor(Math.random() * 500);
  const mqttPort = port + 500;
  const sqlitePath = `/tmp/vigil-bench-web-${process.pid}.sqlite`;
  const load0 = loadavg();
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  log(`starting the platform (embedded), ${devices} devices over ${sites} sites`);
  const platform = await PlatformProcess.start(ROOT, { port, databaseUrl: `sqlite:${sqlitePath}`, mqttUrl: null, mqttPort, adminPassword: ADMIN_PASSWORD });
  const publisher = await OutagePublisher.connect(`mqtt://127.0.0.1:${mqttPort}`);
  let browser: Browser | null = null;
  try {
    let t = Date.now();
    const estate = await registerEstate(platform, devices, sites);
    const registerSec = round((Date.now() - t) / 1000, 1);
    log(`registered in ${registerSec} s; every device heartbeats once`);
    t = Date.now();
    await publisher.publishAll(heartbeats(estate.devices));
    const online = await waitForOverview(platform, (o) => o.online >= devices, 15 * 60_000, log);
    if (!online) throw new Error('the estate did not come online within 15 min');
    const onlineSec = round((Date.now() - t) / 1000, 1);
    log(`all ${devices} online in ${onlineSec} s; starting Chromium`);

    browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const results: Record<string, unknown> = {};
    for (const [i, route] of routes.entries()) results[route] = await measureRoute(browser, platform, publisher, estate, route, i);

    const cores = cpus().length;
    const machine = {
      hostname: execFileSync('uname', ['-n']).toString().trim(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      chromium: browser.version(),
      loadAverage: { atStart: load0.map((l) => round(l, 2)), atEnd: loadavg().map((l) => round(l, 2)) },
    };
    const body = {
      benchmark: 'web',
      at: new Date().toISOString(),
      machine,
      setup: { devices, sites, offlineAtOnce: offline, viewport: '1920x1080', registerSec, onlineSec, settleSec, mqttConnectionDrops: publisher.drops },
      budgets: BUDGETS,
      note: 'ratios are figure / budget: at most 1 meets the budget; "no mark": the view sets no vigil:summary-complete mark',
      routes: results,
    };
    mkdirSync(args.out, { recursive: true });
    const file = join(args.out, `web-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
    writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
    console.log(JSON.stringify(body, null, 2));
    console.log(`results: ${file}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await publisher.close().catch(() => undefined);
    await platform.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
  }
}

void main().catch((e: Error) => {
  process.stderr.write(`bench:web failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
