export * from './embedded-broker';
export * from './mqtt-connection';
export * from './messaging.module';
export * from './mqtt-internal-bus';
export * from './asset-changes.relay';
