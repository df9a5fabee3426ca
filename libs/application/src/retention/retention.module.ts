import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service';

/** Purging what outlived its retention. */
const services = [RetentionService];

@Module({ providers: services, exports: services })
export class RetentionModule {}
