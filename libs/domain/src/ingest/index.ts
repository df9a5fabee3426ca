export * from './device-topic';
export * from './heartbeat';
export * from './parse-heartbeat';
export * from './mqtt-access';
export * from './discovered-devices';
export * from './rabbitmq-access';
export * from './parse-vqd';
