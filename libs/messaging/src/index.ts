export * from './embedded-broker';
export * from './mqtt-connection';
export * from './messaging.module';
export * from './mqtt-internal-bus';
export * from './platform-login';
export * from './broker-gatekeeper';
export * from './internal-channels';
export * from './device-credentials.listener';
