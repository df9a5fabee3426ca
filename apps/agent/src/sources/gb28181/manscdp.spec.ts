import { catalogQuery, decodeBody, parseManscdp } from './manscdp';

describe(parseManscdp.name, () => {
  it('should read a keepalive', () => {
    const body = '<?xml version="1.0"?><Notify><CmdType>Keepalive</CmdType><SN>43</SN><DeviceID>34020000001320000001</DeviceID><Status>OK</Status></Notify>';
    expect(parseManscdp(body)).toEqual({ kind: 'keepalive', sn: '43', deviceId: '34020000001320000001', status: 'OK' });
  });

  it('should read an alarm with its method and the type inside Info', () => {
    const body =
      '<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>34020000001310000001</DeviceID><AlarmPriority>1</AlarmPriority>' +
      '<AlarmMethod>6</AlarmMethod><AlarmDescription>HDD error</AlarmDescription><Info><AlarmType>1</AlarmType></Info></Notify>';
    expect(parseManscdp(body)).toEqual({ kind: 'alarm', sn: '1', deviceId: '34020000001310000001', method: 6, type: 1, description: 'HDD error' });
  });

  it('should read an alarm without a type as type null', () => {
    const body = '<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>34020000001310000001</DeviceID><AlarmMethod>2</AlarmMethod></Notify>';
    expect(parseManscdp(body)).toMatchObject({ kind: 'alarm', method: 2, type: null });
  });

  it('should read a catalog response with one item or several, Status OFF as offline', () => {
    const item = (id: string, status: string) => `<Item><DeviceID>${id}</DeviceID><Name>n${id.slice(-1)}</Name><Status>${status}</Status></Item>`;
    const one = `<Response><CmdType>Catalog</CmdType><SN>7</SN><DeviceID>34020000001180000001</DeviceID><SumNum>2</SumNum><DeviceList Num="1">${item('34020000001310000001', 'ON')}</DeviceList></Response>`;
    expect(parseManscdp(one)).toEqual({
      kind: 'catalog',
      sn: '7',
      deviceId: '34020000001180000001',
      sumNum: 2,
      items: [{ deviceId: '34020000001310000001', name: 'n1', online: true }],
    });
    const two = one.replace('Num="1">', `Num="2">${item('34020000001310000002', 'OFF')}`);
    expect(parseManscdp(two)).toMatchObject({ items: [{ online: false }, { online: true }] });
  });

  it('should call other commands unknown', () => {
    expect(parseManscdp('<Response><CmdType>DeviceInfo</CmdType><SN>1</SN><DeviceID>1</DeviceID></Response>')).toEqual({
      kind: 'unknown',
      cmdType: 'DeviceInfo',
      root: 'Response',
    });
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed', '<Notify><CmdType>Keepalive</CmdType>'],
    ['no SN', '<Notify><CmdType>Keepalive</CmdType><DeviceID>1</DeviceID></Notify>'],
    ['foreign root', '<Foo><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>1</DeviceID></Foo>'],
    ['alarm without method', '<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>1</DeviceID></Notify>'],
  ])('should throw on %s', (_what, body) => {
    expect(() => parseManscdp(body)).toThrow();
  });
});

describe(decodeBody.name, () => {
  it('should decode a body declared GB2312', () => {
    // 通道 in GB2312
    const raw = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB2312"?><Name>'), Buffer.from([0xcd, 0xa8, 0xb5, 0xc0]), Buffer.from('</Name>')]);
    expect(decodeBody(raw.toString('latin1'))).toContain('<Name>通道</Name>');
  });

  it('should decode UTF-8 otherwise', () => {
    expect(decodeBody(Buffer.from('<Name>通道</Name>', 'utf8').toString('latin1'))).toBe('<Name>通道</Name>');
  });
});

describe(catalogQuery.name, () => {
  it('should query the catalog of the device with the serial number given', () => {
    expect(parseManscdp(catalogQuery(9, '34020000001180000001'))).toEqual({ kind: 'unknown', cmdType: 'Catalog', root: 'Query' });
    expect(catalogQuery(9, '34020000001180000001')).toContain('<SN>9</SN>');
  });
});
