import type { AgentDevice } from '@vigil/domain';
import { Poller } from './poller';

const device = (deviceId: string, pollIntervalSec = 10): AgentDevice => ({ deviceId, type: 'switch', protocol: 'snmp', address: 'x', credentials: {}, pollIntervalSec });

describe(Poller.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A poll that ends only when the test says so. */
  function controlledPolls() {
    const calls: string[] = [];
    const pending: (() => void)[] = [];
    const pollOne = (d: AgentDevice) => {
      calls.push(d.deviceId);
      return new Promise<void>((resolve) => pending.push(resolve));
    };
    const finishAll = async () => {
      pending.splice(0).forEach((r) => r());
      await jest.advanceTimersByTimeAsync(0);
    };
    return { calls, pending, pollOne, finishAll };
  }

  it('should poll at once and then every interval', async () => {
    const c = controlledPolls();
    const p = new Poller(10, c.pollOne);
    p.start([device('a', 10)]);
    expect(c.calls).toEqual(['a']);
    await c.finishAll();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(c.calls).toEqual(['a', 'a']);
    p.stop();
  });

  it('should keep at most maxInFlight polls running and start the next when one ends', async () => {
    const c = controlledPolls();
    const p = new Poller(2, c.pollOne);
    p.start([device('a'), device('b'), device('c')]);
    await jest.advanceTimersByTimeAsync(0);
    expect(c.calls).toEqual(['a', 'b']);
    c.pending.shift()!();
    await jest.advanceTimersByTimeAsync(0);
    expect(c.calls).toEqual(['a', 'b', 'c']);
    p.stop();
  });

  it('should skip a device whose previous poll is still running, and stop polling when stopped', async () => {
    const c = controlledPolls();
    const p = new Poller(10, c.pollOne);
    p.start([device('a', 1)]);
    await jest.advanceTimersByTimeAsync(3000);
    expect(c.calls).toEqual(['a']);
    await c.finishAll();
    p.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(c.calls).toEqual(['a']);
  });
});
