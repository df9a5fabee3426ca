import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'seq.json';
/** Numbers reserved per write: the file is written once per this many heartbeats of a device, and a restart resumes above it. */
const BLOCK = 100;

/**
 * Each device's heartbeat `seq`, rising across agent restarts (CONTRACT: a repeat of the last seen seq is a duplicate). The
 * file records, per device, the highest number handed out or reserved; a restart — even after a crash — starts above it,
 * so it never repeats a number the platform may have seen.
 */
export class SeqStore {
  private readonly last = new Map<string, number>();
  private readonly reserved = new Map<string, number>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const [id, n] of Object.entries(readJson(join(dir, FILE)))) {
      if (Number.isSafeInteger(n)) {
        this.last.set(id, n as number);
        this.reserved.set(id, n as number);
      }
    }
  }

  next(deviceId: string): number {
    const n = (this.last.get(deviceId) ?? 0) + 1;
    this.last.set(deviceId, n);
    if (n > (this.reserved.get(deviceId) ?? 0)) {
      this.reserved.set(deviceId, n + BLOCK - 1);
      this.write();
    }
    return n;
  }

  private write(): void {
    const tmp = join(this.dir, `${FILE}.tmp`);
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.reserved)));
    renameSync(tmp, join(this.dir, FILE));
  }
}

function readJson(path: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
