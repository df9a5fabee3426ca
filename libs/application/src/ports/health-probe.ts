/** Something /health asks: answers when reachable, throws when not. */
export abstract class DatabaseProbe {
  abstract ping(): Promise<void>;
}

export abstract class BrokerProbe {
  abstract isConnected(): boolean;
}

/** Ingest's own broker link, in the processes that run ingest. */
export abstract class IngestLinkProbe {
  abstract get linkHealthy(): boolean;
  /** Whether ingest runs in this process (started by the ingest app's subscriber), not only its routes. */
  abstract get running(): boolean;
}
