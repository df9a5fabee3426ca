import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AdminBootstrapService, CalendarService, DemoEstateLoader } from '@vigil/application';
import { ContractsController } from './contracts/contracts.controller';
import { AuthController } from './auth/auth.controller';
import { DevicesController } from './assets/devices.controller';
import { SitesController } from './assets/sites.controller';
import { StaticAssets } from './http/static-assets';
import { UsersController } from './identity/users.controller';

/** REST API, socket.io gateway and dashboard: the operators', engineers' and auditors' edge. */
@Module({
  controllers: [AuthController, UsersController, SitesController, DevicesController, ContractsController],
  providers: [
    StaticAssets,
  ],
})
export class ConsoleModule implements OnApplicationBootstrap {
  constructor(
    private readonly admin: AdminBootstrapService,
    private readonly calendar: CalendarService,
    private readonly demo: DemoEstateLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureAdmin();
    await this.calendar.loadShipped();
    await this.demo.loadIfEmpty();
  }
}
