import { Module } from '@nestjs/common';
import { DeviceCredentialsService } from './device-credentials.service';

/** Device secrets: issuing and revoking them (the broker's check of one is in the core, every process has a broker). */
const services = [DeviceCredentialsService];

@Module({ providers: services, exports: services })
export class DevicesModule {}
