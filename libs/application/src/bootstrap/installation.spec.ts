import { strictFake } from '../../../../test/support/strict-fake';
import type { SettingsRepository } from '../ports';
import { FakeClock } from '../testing/fake-time';
import { INSTALLED_AT_SETTING, Installation } from './installation';

/** Settings in a map, putIfAbsent as the adapter's: the first value stays. */
function setup(stored: Record<string, string> = {}) {
  const settings = new Map(Object.entries(stored));
  const writes: string[] = [];
  const clock = new FakeClock('2026-12-02T08:00:00Z');
  const installation = new Installation(
    strictFake<SettingsRepository>('settings', {
      get: async (key: string) => settings.get(key) ?? null,
      putIfAbsent: async (key: string, value: string) => {
        writes.push(key);
        if (!settings.has(key)) settings.set(key, value);
        return settings.get(key)!;
      },
    }),
    clock,
  );
  return { installation, settings, clock, writes };
}

describe(Installation.name, () => {
  it('should write the first start once, at start-up, and answer it unchanged later', async () => {
    const { installation, settings, clock } = setup();

    await installation.onApplicationBootstrap();
    await clock.advance(3_600_000);

    expect(settings.get(INSTALLED_AT_SETTING)).toBe('2026-12-02T08:00:00.000Z');
    expect((await installation.installedAt()).toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('should answer the instant another process stored first, not its own, by reading it without a write', async () => {
    const { installation, settings, writes } = setup({ [INSTALLED_AT_SETTING]: '2025-03-01T00:00:00.000Z' });

    expect((await installation.installedAt()).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(settings.get(INSTALLED_AT_SETTING)).toBe('2025-03-01T00:00:00.000Z');
    expect(writes).toEqual([]);
  });

  it('should fail loudly on a stored value that is not an instant', async () => {
    const { installation } = setup({ [INSTALLED_AT_SETTING]: 'yesterday' });

    await expect(installation.installedAt()).rejects.toThrow(`setting ${INSTALLED_AT_SETTING} is not an instant: yesterday`);
  });
});
