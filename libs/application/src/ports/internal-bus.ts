/**
 * Small notices between Vigil processes (a device was edited, new events are in the log). Notices
 * only wake others up; the data itself is read from the database, so a lost notice delays, never loses.
 */
export abstract class InternalBus {
  abstract publish(channel: string, body: unknown): void;
  abstract subscribe(channel: string, handler: (body: unknown) => void): () => void;
}
