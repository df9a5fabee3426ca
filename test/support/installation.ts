import { INSTALLED_AT_SETTING, SettingsRepository } from '@vigil/application';
import type { TestPlatform } from './test-platform';

/**
 * Makes the install older than this test run: nothing is generated for periods that ended before the
 * installation, so a test that moves the patrol generator through past months needs an install that predates them.
 */
export async function backdateInstallation(platform: TestPlatform, at: Date | string): Promise<void> {
  await platform.app.get(SettingsRepository).put(INSTALLED_AT_SETTING, new Date(at).toISOString());
}
