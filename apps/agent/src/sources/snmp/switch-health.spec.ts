import { firmwareOf, switchReport } from './switch-health';

describe(switchReport.name, () => {
  const rows = [
    { ifIndex: 1, type: 6, speed: 1e9, adminUp: true, operUp: true },
    { ifIndex: 2, type: 6, speed: 1e8, adminUp: true, operUp: false },
    { ifIndex: 3, type: 6, speed: 1e8, adminUp: false, operUp: false },
    { ifIndex: 24, type: 24, speed: 1e10, adminUp: true, operUp: true },
  ];

  it('should list admin-up physical ports and take the fastest as uplink', () => {
    expect(switchReport(rows, [], undefined)).toEqual({
      health: {
        ports: [
          { port: 1, up: true },
          { port: 2, up: false },
        ],
        uplinkUp: true,
      },
    });
  });

  it('should take the configured uplink and the hottest celsius sensor', () => {
    const sensors = [
      { type: 8, scale: 9, precision: 1, value: 415 },
      { type: 8, scale: 9, precision: 0, value: 38 },
      { type: 10, scale: 9, precision: 0, value: 3000 },
    ];
    expect(switchReport(rows, sensors, 'Cisco IOS Software, Version 15.2(4)E7, RELEASE', 2)).toEqual({
      health: { ports: expect.any(Array), uplinkUp: false, tempC: 41.5 },
      fw: '15.2(4)E7',
    });
  });
});

describe(firmwareOf.name, () => {
  it('should read a plain version and nothing else', () => {
    expect(firmwareOf('H3C Comware Platform Software, Software Version 7.1.070')).toBe('7.1.070');
    expect(firmwareOf('HUAWEI S5720 V200R011C10SPC600')).toBeUndefined();
    expect(firmwareOf('Hikvision DS-3E0326P-E V5.20.1 build 200101')).toBe('5.20.1');
    expect(firmwareOf(undefined)).toBeUndefined();
  });
});
