import { Module } from '@nestjs/common';
import { AgentService } from './agent.service';
import { DeviceManagementService } from './device-management.service';
import { GatewayService } from './gateway.service';
import { ManagementCipher } from './management-cipher';

/** Gateways, their devices and logins, devices' management fields, and the edge agent's routes ([15]). */
const services = [GatewayService, DeviceManagementService, AgentService, ManagementCipher];

@Module({ providers: services, exports: services })
export class GatewaysModule {}
