import { Module } from '@nestjs/common';
import { CustomerLinkService } from './customer-link.service';
import { LinkPurposes } from './link-purposes';

/** One-time customer links; features import it and register their purposes in LinkPurposes. */
const services = [LinkPurposes, CustomerLinkService];

@Module({ providers: services, exports: services })
export class CustomerLinksModule {}
