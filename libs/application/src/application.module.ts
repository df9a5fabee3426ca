import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditService } from './audit/audit.service';
import { AssetChanges } from './assets/asset-changes';
import { DeviceService } from './assets/device.service';
import { InventoryService } from './assets/inventory.service';
import { SiteService } from './assets/site.service';
import { Argon2PasswordHasher } from './identity/argon2-password.hasher';
import { AuthService } from './identity/auth.service';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { DemoEstateLoader } from './bootstrap/demo-estate-loader.service';
import { CalendarService } from './contracts/calendar.service';
import { ContractService } from './contracts/contract.service';
import { IngestDiagnostics } from './ingest/ingest-diagnostics';
import { IngestService } from './ingest/ingest.service';
import { DeviceHistoryService } from './ingest/device-history.service';
import { UserService } from './identity/user.service';
import { ClockPort, PasswordHasher, SystemClock } from './ports';

const services = [AuditService, AssetChanges, SiteService, DeviceService, UserService, AuthService, AdminBootstrapService, InventoryService,
  CalendarService, ContractService, DemoEstateLoader, IngestDiagnostics, IngestService,
  DeviceHistoryService];

/** The use cases, over the ports that the persistence and messaging modules bind. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    ...services,
    { provide: ClockPort, useClass: SystemClock },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
  ],
  exports: [...services, ClockPort, PasswordHasher],
})
export class ApplicationModule {}
