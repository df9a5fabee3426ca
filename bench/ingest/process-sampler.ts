import { readFileSync } from 'node:fs';

const TICKS_PER_SEC = 100;

/** CPU seconds and resident memory of another process, read from /proc (Linux). */
export class ProcessSampler {
  private maxRssBytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly pid: number) {}

  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  }

  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  }

  /** Keeps the highest RSS seen from now on. */
  watch(): void {
    this.maxRssBytes = this.rssBytes();
    this.timer = setInterval(() => {
      try {
        this.maxRssBytes = Math.max(this.maxRssBytes, this.rssBytes());
      } catch {
        // the process ended; the last value stands
      }
    }, 500);
  }

  peakRssBytes(): number {
    return this.maxRssBytes;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
