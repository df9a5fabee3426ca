export * from './fault';
export * from './fault-rules';
export * from './fault-lifecycle';
export * from './fault-sla';
export * from './flap-detector';
export * from './validate-fault-rules';
export * from './fault-worker';
export * from './outage';
