/** Failed logins per user name, shared by every process of a deployment. */
export abstract class LoginFailureRepository {
  abstract record(username: string, at: Date): Promise<void>;
  /** The name's failures after `since`, newest first, at most `limit` of them. */
  abstract newestSince(username: string, since: Date, limit: number): Promise<Date[]>;
  abstract clear(username: string): Promise<void>;
  /** Forgets failures at or before `cutoff`; answers how many. */
  abstract purgeThrough(cutoff: Date): Promise<number>;
}
