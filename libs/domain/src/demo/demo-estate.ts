import type { Criticality, DeviceType } from '../assets/device-type';
import { demoSites, type DemoSite } from './demo-sites';

export interface DemoDevice {
  id: string;
  type: DeviceType;
  siteCode: string;
  name: string;
  model: string;
  serial: string;
  firmware: string | null;
  parentId: string | null;
  heartbeatIntervalSec: number;
  criticality: Criticality;
  installedAt: string;
  warrantyUntil: string;
}

export interface DemoEstate {
  customer: { id: string; name: string; contact: string };
  sites: DemoSite[];
  devices: DemoDevice[];
}

const MODELS: Partial<Record<DeviceType, [string, string | null]>> = {
  switch: ['H3C S5130S-28S-HI', 'V7.1.070'],
  nvr: ['Hikvision DS-7816N-K2', 'V4.22.005'],
  dvr: ['Dahua DH-XVR5108HS', 'V4.001.0000001.0'],
  camera: ['Hikvision DS-2CD3T46WDV3-I3', 'V5.7.3'],
  ptz: ['Hikvision DS-2DE4425IW-DE', null],
  server: ['Huawei FusionServer 2288H V5', 'CentOS 7.9 / platform 3.2.1'],
  'video-wall': ['Hikvision DS-D2055NL-B (3×4)', null],
  'wall-controller': ['Hikvision DS-C10S', 'V2.2.0'],
  'video-matrix': ['Hikvision DS-C10S-SVI', 'V2.1.0'],
  monitor: ['Hikvision DS-D5043QE', null],
  projector: ['Epson CB-2265U', null],
  'audio-mixer': ['Yamaha MG16XU', null],
  equaliser: ['dbx 231s', null],
  amplifier: ['Crown XLS 1502', null],
  speaker: ['Bose DesignMax DM8C', null],
  microphone: ['Shure MX418', null],
  'audio-matrix': ['BSS BLU-100', 'V4.10'],
  'conference-host': ['Taiden HCS-8300MA', 'V3.0'],
  'conference-unit': ['Taiden HCS-8338', null],
  ups: ['APC SRT6KXLI', null],
};

const SERVERS: [string, string][] = [
  ['CMP', '中心管理平台 Central management platform'],
  ['CCMP', '集中管理平台 Centralised management platform'],
  ['PROXY', '代理转发服务器 Proxy/forwarding server'],
  ['PWD', '密码验证服务器 Password verification server'],
  ['BAK', '自动备份服务器 Automatic backup server'],
];

/** Deterministic: the same call gives the same estate, so demos and tests can rely on ids. */
class EstateBuilder {
  readonly devices: DemoDevice[] = [];
  private serial = 0;

  add(site: DemoSite, id: string, type: DeviceType, name: string, parentId: string | null, criticality: Criticality = 'normal'): string {
    const [model, firmware] = MODELS[type] ?? ['generic', null];
    const n = this.serial++;
    const year = 2022 + (n % 4);
    const month = String((n % 12) + 1).padStart(2, '0');
    this.devices.push({
      id,
      type,
      siteCode: site.code,
      name: `${site.name} ${name}`,
      model,
      serial: `SN${String(100000 + n * 7919).slice(-6)}${type.slice(0, 2).toUpperCase()}`,
      firmware,
      parentId,
      heartbeatIntervalSec: type === 'camera' ? 60 : 30,
      criticality,
      installedAt: `${year}-${month}-15`,
      warrantyUntil: `${year + 3}-${month}-15`,
    });
    return id;
  }

  /** A recorder on a switch with its cameras; every fourth camera carries a PTZ head. */
  recorder(site: DemoSite, switchId: string, n: number, type: 'dvr' | 'nvr', cameras: number): void {
    const rec = this.add(site, `${site.code}-${type.toUpperCase()}${pad(n)}`, type, `${type.toUpperCase()}-${pad(n)} 硬盘录像机`, switchId, 'high');
    for (let c = 1; c <= cameras; c++) {
      const cam = this.add(site, `${rec}-CAM${pad(c)}`, 'camera', `${pad(n)}-${pad(c)} 摄像机`, rec);
      if (c % 4 === 1) this.add(site, `${cam}-PTZ`, 'ptz', `${pad(n)}-${pad(c)} 云台`, cam);
    }
  }

  audio(site: DemoSite, parent: string | null, full: boolean): void {
    this.add(site, `${site.code}-MIX01`, 'audio-mixer', '调音台', parent);
    this.add(site, `${site.code}-AMP01`, 'amplifier', '功放', parent);
    this.add(site, `${site.code}-SPK01`, 'speaker', '音箱', parent);
    if (!full) return;
    this.add(site, `${site.code}-EQ01`, 'equaliser', '均衡器', parent);
    this.add(site, `${site.code}-MIC01`, 'microphone', '话筒', parent);
    this.add(site, `${site.code}-AMX01`, 'audio-matrix', '音频矩阵', parent);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

export function buildDemoEstate(): DemoEstate {
  const b = new EstateBuilder();
  const sites = demoSites();
  for (const site of sites) {
    const core = b.add(site, `${site.code}-CORE`, 'switch', '核心交换机 core switch', null, 'critical');
    switch (site.kind) {
      case 'provincial-centre': {
        for (const [code, name] of SERVERS) b.add(site, `${site.code}-SRV-${code}`, 'server', name, core, 'critical');
        for (let s = 1; s <= 3; s++) b.recorder(site, b.add(site, `${site.code}-SW${pad(s)}`, 'switch', `接入交换机 ${s}`, core, 'high'), s, 'nvr', 16);
        const wallCtl = b.add(site, `${site.code}-WALLCTL`, 'wall-controller', '大屏控制器', core, 'high');
        b.add(site, `${site.code}-WALL`, 'video-wall', '大屏 video wall', wallCtl, 'high');
        b.add(site, `${site.code}-MATRIX`, 'video-matrix', '视频矩阵', core, 'high');
        for (let m = 1; m <= 6; m++) b.add(site, `${site.code}-MON${pad(m)}`, 'monitor', `监视器 ${m}`, null);
        b.add(site, `${site.code}-PRJ01`, 'projector', '投影机', null);
        b.audio(site, null, true);
        const host = b.add(site, `${site.code}-CONF`, 'conference-host', '会议主机', core);
        for (let u = 1; u <= 2; u++) b.add(site, `${site.code}-CONF-U${u}`, 'conference-unit', `会议单元 ${u}`, host);
        b.add(site, `${site.code}-UPS`, 'ups', 'UPS', null, 'high');
        break;
      }
      case 'sub-centre':
      case 'qingdao-bureau': {
        for (let s = 1; s <= 2; s++) b.recorder(site, b.add(site, `${site.code}-SW${pad(s)}`, 'switch', `接入交换机 ${s}`, core, 'high'), s, 'nvr', 12);
        for (let m = 1; m <= 2; m++) b.add(site, `${site.code}-MON${pad(m)}`, 'monitor', `监视器 ${m}`, null);
        b.add(site, `${site.code}-PRJ01`, 'projector', '投影机', null);
        if (site.kind === 'qingdao-bureau') {
          b.add(site, `${site.code}-SRV-PROXY`, 'server', '代理转发服务器 Proxy/forwarding server', core, 'critical');
          const ctl = b.add(site, `${site.code}-WALLCTL`, 'wall-controller', '大屏控制器', core, 'high');
          b.add(site, `${site.code}-WALL`, 'video-wall', '大屏 video wall', ctl, 'high');
        }
        b.audio(site, null, false);
        b.add(site, `${site.code}-UPS`, 'ups', 'UPS', null, 'high');
        break;
      }
      case 'monitoring-room':
      case 'airport-room':
        b.recorder(site, core, 1, 'dvr', 8);
        for (let m = 1; m <= 2; m++) b.add(site, `${site.code}-MON${pad(m)}`, 'monitor', `监视器 ${m}`, null);
        b.add(site, `${site.code}-UPS`, 'ups', 'UPS', null);
        break;
      case 'network':
        for (const city of ['JN', 'YT', 'WF', 'LY', 'JNG', 'ZB', 'QD']) b.add(site, `${site.code}-AGG-${city}`, 'switch', `汇聚交换机 ${city}`, core, 'critical');
        break;
    }
  }
  return {
    customer: { id: 'demo-customer', name: '山东省某局 (demo customer)', contact: '监控中心值班室 0531-0000000' },
    sites,
    devices: b.devices,
  };
}
