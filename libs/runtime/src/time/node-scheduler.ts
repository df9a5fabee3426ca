import { Injectable, Logger } from '@nestjs/common';
import { SchedulerPort, type Cancel } from '@vigil/application';

/** Node's timers, unref'd so that no timer keeps a process alive that is otherwise done. */
@Injectable()
export class NodeScheduler extends SchedulerPort {
  private readonly logger = new Logger('Timers');

  every(ms: number, fn: () => unknown, name: string): Cancel {
    const timer = setInterval(() => this.run(fn, name), ms).unref();
    return () => clearInterval(timer);
  }

  after(ms: number, fn: () => unknown, name: string): Cancel {
    const timer = setTimeout(() => this.run(fn, name), ms).unref();
    return () => clearTimeout(timer);
  }

  private run(fn: () => unknown, name: string): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((err: unknown) => this.logger.error(`${name}: ${(err as Error)?.message ?? err}`));
    } catch (err) {
      this.logger.error(`${name}: ${(err as Error)?.message ?? err}`);
    }
  }
}
