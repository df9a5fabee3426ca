/** The tender's estate (DOMAIN.md): a provincial centre, sub-centres, Qingdao rooms and the province network. */
export interface DemoSite {
  code: string;
  name: string;
  nameEn: string;
  region: 'Qingdao' | 'province';
  parentCode: string | null;
  address: string;
  kind: 'provincial-centre' | 'sub-centre' | 'qingdao-bureau' | 'monitoring-room' | 'airport-room' | 'network';
}

const SUB_CENTRES: [string, string, string][] = [
  ['JN', '济南', 'Jinan'],
  ['YT', '烟台', 'Yantai'],
  ['WF', '潍坊', 'Weifang'],
  ['LY', '临沂', 'Linyi'],
  ['JNG', '济宁', 'Jining'],
  ['ZB', '淄博', 'Zibo'],
];

export function demoSites(): DemoSite[] {
  const sites: DemoSite[] = [
    { code: 'PROV', name: '省局监控中心', nameEn: 'Provincial monitoring centre', region: 'province', parentCode: null, address: '山东省济南市历下区', kind: 'provincial-centre' },
    ...SUB_CENTRES.map(([code, city, cityEn], i): DemoSite => ({
      code: `SUB-${code}`,
      name: `${city}专业监控分中心`,
      nameEn: `${cityEn} professional sub-centre ${i + 1}`,
      region: 'province',
      parentCode: 'PROV',
      address: `山东省${city}市`,
      kind: 'sub-centre',
    })),
    { code: 'QD', name: '青岛局监控分中心', nameEn: 'Qingdao bureau sub-centre', region: 'Qingdao', parentCode: 'PROV', address: '山东省青岛市市南区', kind: 'qingdao-bureau' },
    ...[1, 2, 3, 4, 5].map((n): DemoSite => ({
      code: `QD-R${n}`,
      name: `青岛局${n}号监控室`,
      nameEn: `Qingdao monitoring room ${n}`,
      region: 'Qingdao',
      parentCode: 'QD',
      address: '山东省青岛市',
      kind: 'monitoring-room',
    })),
    {
      code: 'QD-AIR',
      name: '机场办事处监控室',
      nameEn: 'Airport office monitoring room',
      region: 'Qingdao',
      parentCode: 'QD',
      address: '山东省青岛市胶州市 胶东国际机场',
      kind: 'airport-room',
    },
    { code: 'NET', name: '全省网络设备', nameEn: 'Province-wide network equipment', region: 'province', parentCode: 'PROV', address: '山东省', kind: 'network' },
  ];
  return sites;
}
