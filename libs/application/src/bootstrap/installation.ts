import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ClockPort, SettingsRepository } from '../ports';

export const INSTALLED_AT_SETTING = 'installedAt';

/**
 * When this install first started: written once, by whichever process starts first, and never changed
 * (an install that predates this setting has it from its first audit entry, by migration). Nothing is
 * generated for periods that ended before it.
 */
@Injectable()
export class Installation implements OnApplicationBootstrap {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: ClockPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.installedAt();
  }

  async installedAt(): Promise<Date> {
    // read each time (one row): the value is the database's, shared by every process of the install
    const stored = (await this.settings.get(INSTALLED_AT_SETTING)) ?? (await this.settings.putIfAbsent(INSTALLED_AT_SETTING, this.clock.now().toISOString()));
    const at = new Date(stored);
    if (Number.isNaN(at.getTime())) throw new Error(`setting ${INSTALLED_AT_SETTING} is not an instant: ${stored}`);
    return at;
  }
}
