import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ContractsModule } from '../contracts/contracts.module';
import { UsersModule } from '../identity/users.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { DemoEstateLoader } from './demo-estate-loader.service';

/** A first start's admin account and demo estate (the console's start-up). */
const services = [AdminBootstrapService, DemoEstateLoader];

@Module({ imports: [UsersModule, ContractsModule, AssetsModule], providers: services, exports: services })
export class BootstrapModule {}
