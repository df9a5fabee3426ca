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
}
