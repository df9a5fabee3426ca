import { Injectable } from '@nestjs/common';

/**
 * Start-up work of this process that other start-up work depends on: the console loads the demo estate
 * and seeds the patrol plans before the patrol job generates, and the audit checkpoint signs what start-up
 * wrote. The owner holds it from `onModuleInit` (Nest runs every module's before any `onApplicationBootstrap`)
 * and releases it when done, so a dependant waits for the work itself, never for a guess of how long it takes.
 */
@Injectable()
export class StartUpWork {
  private readonly holds: Promise<void>[] = [];

  /** Answers the release: call it when the work is done, or has failed. */
  hold(): () => void {
    let release!: () => void;
    this.holds.push(new Promise<void>((resolve) => (release = resolve)));
    return release;
  }

  /** Resolves once every hold taken so far is released (at once in a process that holds nothing). */
  async done(): Promise<void> {
    await Promise.all(this.holds);
  }
}
