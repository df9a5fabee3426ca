/** Small key/value settings the platform keeps in its database (e.g. the token signing key). */
export abstract class SettingsRepository {
  abstract get(key: string): Promise<string | null>;
  /** Stores the value unless one exists; answers the value that is stored afterwards. */
  abstract putIfAbsent(key: string, value: string): Promise<string>;
  abstract put(key: string, value: string): Promise<void>;
  abstract remove(key: string): Promise<void>;
}
