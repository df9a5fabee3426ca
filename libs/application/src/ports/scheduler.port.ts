/** Stops a timer; calling it again does nothing. */
export type Cancel = () => void;

/**
 * Timers as a DI token, beside the clock: services ask for "every ms" or "after ms" and never call
 * setInterval or setTimeout, so a spec runs them on a fake clock without waiting. The name is for logs.
 * Timers never keep the process alive; a callback's rejection is logged with the timer's name.
 */
export abstract class SchedulerPort {
  abstract every(ms: number, fn: () => unknown, name: string): Cancel;
  abstract after(ms: number, fn: () => unknown, name: string): Cancel;
}
