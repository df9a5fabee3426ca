import type { ChecklistItem, ChecklistTemplate } from './checklist';

const pf = (key: string, subsystem: string, zh: string, en: string, appliesTo: ChecklistItem['appliesTo'] = null, extra: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key, subsystem, label: { zh, en }, type: 'pass-fail', required: true, appliesTo, ...extra,
});
const num = (key: string, subsystem: string, zh: string, en: string, appliesTo: ChecklistItem['appliesTo'], min: number | undefined, max: number | undefined, unit: string): ChecklistItem => ({
  key, subsystem, label: { zh, en }, type: 'number', required: true, appliesTo, min, max, unit,
});

/** The tender's patrol regime (DOMAIN.md "Patrols"), version 1 of each template. */
export const SEEDED_TEMPLATES: readonly ChecklistTemplate[] = [
  {
    id: 'weekly-power-on', version: 1, kind: 'weekly-power-on', name: { zh: '每周例行开机', en: 'Weekly power-on' },
    items: [
      pf('power-on', 'central', '闲置系统开机运行 30 分钟', 'Idle systems powered on for 30 minutes'),
      pf('screens', 'display', '大屏、监视器显示正常', 'Video wall and monitors display normally', ['video-wall', 'monitor']),
      pf('dvr-running', 'camera', '硬盘录像机运行、录像正常', 'DVR/NVR running and recording', ['dvr', 'nvr'], { evidence: 'recording' }),
    ],
  },
  {
    id: 'monthly', version: 1, kind: 'monthly', name: { zh: '月度系统巡检', en: 'Monthly system inspection' },
    items: [
      pf('cabinet-switches', 'network', '机柜交换机工作正常', 'Cabinet switches working', ['switch'], { evidence: 'ports' }),
      pf('network-running', 'network', '网络运行正常', 'Network running normally'),
      pf('dusting', 'network', '机房、机柜除尘', 'Machine room and cabinets dusted'),
      num('switch-temp', 'network', '交换机温度', 'Switch temperature', ['switch'], undefined, 60, '°C'),
      pf('speakers', 'audio', '音箱', 'Speakers', ['speaker']),
      pf('microphones', 'audio', '话筒', 'Microphones', ['microphone']),
      pf('amplifiers', 'audio', '功放', 'Amplifiers', ['amplifier']),
      pf('audio-levels', 'audio', '音箱、话筒输出电平调整', 'Speaker and microphone output levels adjusted'),
      pf('audio-matrix', 'audio', '音频矩阵', 'Audio matrix', ['audio-matrix']),
      pf('projectors', 'display', '投影机', 'Projectors', ['projector']),
      num('lamp-hours', 'display', '投影机灯泡使用时长', 'Projector lamp hours', ['projector'], 0, 3000, 'h'),
      pf('projector-filter', 'display', '投影机滤网', 'Projector filter', ['projector']),
      pf('projector-image', 'display', '投影图像输出', 'Projector image output', ['projector']),
      pf('monitors', 'display', '监视器', 'Monitors', ['monitor']),
      pf('video-matrix', 'display', '视频矩阵', 'Video matrix', ['video-matrix']),
      pf('cameras', 'camera', '摄像机图像正常', 'Camera image normal', ['camera'], { evidence: 'video' }),
      pf('ptz', 'camera', '云台控制', 'PTZ control', ['ptz', 'camera']),
      pf('housings', 'camera', '摄像机护罩清洁', 'Camera housings cleaned', ['camera'], { required: false }),
      pf('dvr-recording', 'camera', '硬盘录像机本地录像', 'DVR local recording', ['dvr', 'nvr'], { evidence: 'recording' }),
      pf('dvr-disks', 'camera', '硬盘状态', 'Disk health', ['dvr', 'nvr'], { evidence: 'disks' }),
      num('retention-days', 'camera', '录像保存天数', 'Days of recording kept', ['dvr', 'nvr'], 30, undefined, 'd'),
      pf('services', 'central', '平台服务运行', 'Platform services running', ['server'], { evidence: 'services' }),
      { key: 'photo-room', subsystem: 'network', label: { zh: '机房照片', en: 'Photo of the equipment room' }, type: 'photo', required: false, appliesTo: null },
      { key: 'remarks', subsystem: 'central', label: { zh: '备注', en: 'Remarks' }, type: 'text', required: false, appliesTo: null },
    ],
  },
  {
    id: 'half-yearly', version: 1, kind: 'half-yearly', name: { zh: '半年全省现场巡检', en: 'Half-yearly on-site patrol' },
    items: [
      pf('surface-cleaning', 'central', '设备表面清洁', 'Surface cleaning'),
      pf('maintenance', 'central', '设备维护保养', 'Maintenance'),
      pf('settings', 'central', '参数设置检查', 'Settings checked'),
      pf('function-tests', 'central', '功能测试', 'Function tests'),
      pf('cable-tidying', 'network', '线缆整理', 'Cable tidying'),
      pf('power-cycle', 'central', '开关机及运行检查', 'Power-on/off and running checks'),
      pf('positioning', 'camera', '摄像机位置调整', 'Camera positioning adjusted', ['camera']),
      pf('firmware', 'central', '软件版本检查（录像机固件、平台软件、密码服务器）', 'Software versions (DVR firmware, platform, password server)', ['dvr', 'nvr', 'server']),
      { key: 'customer-opinion', subsystem: 'central', label: { zh: '客户意见', en: "Customer's opinion" }, type: 'text', required: true, appliesTo: null },
      pf('operator-training', 'central', '操作人员培训', 'Operator training'),
    ],
  },
];
