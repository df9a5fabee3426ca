import { AgentCounters } from './agent-counters';

describe(AgentCounters.name, () => {
  it('should serve what it counted as Prometheus text', () => {
    const c = new AgentCounters();
    c.sent = 3;
    c.dropped.overflow = 2;
    c.countReading('snmp');
    c.countPollFailed('onvif');
    c.clockDriftSec.set('cam-1', -90);
    const text = c.prometheus(5);
    expect(text).toContain('vigil_agent_heartbeats_sent_total 3\n');
    expect(text).toContain('vigil_agent_queue_length 5\n');
    expect(text).toContain('vigil_agent_heartbeats_dropped_total{reason="overflow"} 2\n');
    expect(text).toContain('vigil_agent_readings_total{protocol="snmp"} 1\n');
    expect(text).toContain('vigil_agent_polls_failed_total{protocol="onvif"} 1\n');
    expect(text).toContain('vigil_agent_device_clock_drift_seconds{device="cam-1"} -90\n');
    expect(c.snapshot(5)).toMatchObject({ sent: 3, queued: 5, readings: { snmp: 1 }, pollsFailed: { onvif: 1 } });
  });
});
