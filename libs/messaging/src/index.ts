export * from './embedded-broker';
export * from './mqtt-connection';
export * from './messaging.module';
