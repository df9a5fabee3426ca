export * from './agent.service';
export * from './device-management.service';
export * from './gateway-access';
export * from './gateway.service';
export * from './gateways.module';
export * from './management-cipher';
