import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { sleep } from '../ingest/stats';

/** The mark the app sets when the level counts and the site list are drawn (the wall does; the operator console is to). */
export const SUMMARY_MARK = 'vigil:summary-complete';

/**
 * Installed in every page before the app's own scripts (through the DevTools protocol, so the page's CSP
 * does not apply to it): records long tasks, the moment the sign-in form is submitted, and the first frame
 * painted once the view's root element is in the document after that.
 */
function probeScript(viewSelector: string): string {
  return `(() => {
  const b = (window.__bench = { longtasks: [], submitAt: null, viewPaintedAt: null });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch (e) { b.noLongtasks = String(e); }
  document.addEventListener('submit', () => { b.submitAt = performance.now(); }, true);
  const seen = new MutationObserver(() => {
    if (b.submitAt === null || b.viewPaintedAt !== null || !document.querySelector(${JSON.stringify(viewSelector)})) return;
    b.viewPaintedAt = -1;
    seen.disconnect();
    // the frame that shows it, then the task after it: the view is on screen
    requestAnimationFrame(() => setTimeout(() => { b.viewPaintedAt = performance.now(); }));
  });
  seen.observe(document, { childList: true, subtree: true });
})();`;
}

export interface PageTimes {
  /** First paint / first contentful paint of the document (ms from navigation). */
  firstPaintMs: number | null;
  firstContentfulPaintMs: number | null;
  /** The app's summary-complete mark (ms from navigation); null: the view sets none. */
  summaryCompleteMs: number | null;
  submitAt: number | null;
  viewPaintedAt: number | null;
}

export class PageProbe {
  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  /** Once per browser context: every page opened in it from then on carries the probe. */
  static async install(context: BrowserContext, viewSelector: string): Promise<void> {
    await context.addInitScript(probeScript(viewSelector));
  }

  static async open(context: BrowserContext): Promise<PageProbe> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageProbe(page, cdp);
  }

  async times(): Promise<PageTimes> {
    return this.page.evaluate(`(() => {
      const paint = (name) => performance.getEntriesByName(name, 'paint')[0]?.startTime ?? null;
      const mark = performance.getEntriesByName(${JSON.stringify(SUMMARY_MARK)}, 'mark')[0];
      return {
        firstPaintMs: paint('first-paint'),
        firstContentfulPaintMs: paint('first-contentful-paint'),
        summaryCompleteMs: mark ? mark.startTime : null,
        submitAt: window.__bench.submitAt,
        viewPaintedAt: window.__bench.viewPaintedAt > 0 ? window.__bench.viewPaintedAt : null,
      };
    })()`);
  }

  /** Waits for the view's first frame and the summary mark; a view that sets no mark answers null for it after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<PageTimes> {
    const end = Date.now() + timeoutMs;
    let t = await this.times();
    while (Date.now() < end && (t.summaryCompleteMs === null || (t.submitAt !== null && t.viewPaintedAt === null))) {
      await sleep(100);
      t = await this.times();
    }
    return t;
  }

  /** The page's clock now (ms from navigation): long tasks are read from here on. */
  now(): Promise<number> {
    return this.page.evaluate('performance.now()');
  }

  /** Long tasks that started at or after `since` (page clock), as [start, duration] in ms. */
  async longTasksSince(since: number): Promise<[number, number][]> {
    const all = await this.page.evaluate<[number, number][]>('window.__bench.longtasks');
    return all.filter(([start]) => start >= since);
  }

  async longTaskSupport(): Promise<string | null> {
    return this.page.evaluate('window.__bench.noLongtasks ?? null');
  }

  /** The JavaScript heap in use (bytes); after a full collection when `collect` is set, so what remains is what the page holds. */
  async heapUsed(collect = false): Promise<number> {
    if (collect) await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  }

  async startProfile(): Promise<void> {
    await this.cdp.send('Profiler.enable');
    await this.cdp.send('Profiler.start');
  }

  async stopProfile(): Promise<CpuProfile> {
    const { profile } = await this.cdp.send('Profiler.stop');
    return profile as unknown as CpuProfile;
  }

  /** Samples the heap (no collection) every `everyMs` until stopped; answers the peak. */
  sampleHeap(everyMs = 1000): { stop: () => Promise<number> } {
    let peak = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        peak = Math.max(peak, await this.heapUsed(false).catch(() => 0));
        await sleep(everyMs);
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return peak;
      },
    };
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions the page spent most time in (self time, ms), from a DevTools CPU profile. */
export function topFunctions(profile: CpuProfile, count = 15): { fn: string; selfMs: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id);
    if (!f) return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms) }));
}

/** Long tasks in one number each: how many, how many over the budget, the longest, and the blocking time past 50 ms. */
export function summariseLongTasks(tasks: [number, number][], budgetMs: number) {
  const durations = tasks.map(([, d]) => d);
  return {
    count: durations.length,
    overBudget: durations.filter((d) => d > budgetMs).length,
    maxMs: durations.length ? Math.round(Math.max(...durations)) : 0,
    totalBlockingMs: Math.round(durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0)),
  };
}
