import type { Criticality, DeviceStatus, DeviceType } from '@vigil/domain/assets/device-type';
import type { WebhookFormat } from '@vigil/domain/alerting/oncall-rota';
import type { FaultKind, FaultState, ReportChannel } from '@vigil/domain/faults/fault';
import type { Role } from '@vigil/domain/identity/role';
import type { EvidenceKind, ItemType } from '@vigil/domain/patrols/checklist';
import type { PatrolState } from '@vigil/domain/patrols/patrol';
import type { PatrolKind } from '@vigil/domain/patrols/patrol-period';
import type { KnownArchiveKind } from '@vigil/domain/archive/archive-entry';
import type { CallbackOutcome, CallbackReason, CallbackTimingStatus } from '@vigil/domain/callbacks/callback';
import type { SurveyState } from '@vigil/domain/callbacks/survey';
import type { FeedbackChannel, FeedbackKind, FeedbackState } from '@vigil/domain/feedback/feedback';
import type { LinkChannel } from '@vigil/domain/service-desk/customer-link';
import type { LoanerState, LoanState } from '@vigil/domain/loaners/loaner';
import type { RmaState } from '@vigil/domain/loaners/rma';
import type { IntegrityFlag, ServiceRecordKind, ServiceRecordState, SigningChannel } from '@vigil/domain/service-desk/service-record';

/**
 * The names of every value the API sends as a code, in both languages. Typed by the domain's own lists:
 * a kind added on the server and not named here fails the type check.
 */
export interface EnumTexts {
  faultKind: Record<FaultKind, string>;
  faultState: Record<FaultState, string>;
  deviceType: Record<DeviceType, string>;
  deviceStatus: Record<DeviceStatus | 'not-monitored', string>;
  patrolKind: Record<PatrolKind, string>;
  role: Record<Role | 'system', string>;
  reportChannel: Record<ReportChannel, string>;
  level: Record<'1' | '2' | '3' | '4', string>;
  criticality: Record<Criticality, string>;
  webhookFormat: Record<WebhookFormat, string>;
  rotaCover: Record<'7x24' | '5x8', string>;
  itemType: Record<ItemType, string>;
  evidenceKind: Record<EvidenceKind, string>;
  /** Channels a rota's test message goes by, and what came of each delivery. */
  notifyChannel: Record<'email' | 'webhook', string>;
  testStatus: Record<'sent' | 'failed' | 'skipped', string>;
  patrolState: Record<PatrolState, string>;
  /** The service desk: service records, links, feedback, callbacks, surveys, the archive. */
  serviceRecordKind: Record<ServiceRecordKind, string>;
  serviceRecordState: Record<ServiceRecordState, string>;
  signingChannel: Record<SigningChannel, string>;
  linkChannel: Record<LinkChannel, string>;
  integrityFlag: Record<IntegrityFlag, string>;
  feedbackKind: Record<FeedbackKind, string>;
  feedbackChannel: Record<FeedbackChannel, string>;
  feedbackState: Record<FeedbackState, string>;
  callbackReason: Record<CallbackReason, string>;
  callbackOutcome: Record<CallbackOutcome, string>;
  callbackStatus: Record<CallbackTimingStatus, string>;
  surveyState: Record<SurveyState, string>;
  loanerState: Record<LoanerState, string>;
  loanState: Record<LoanState, string>;
  rmaState: Record<RmaState, string>;
  archiveKind: Record<KnownArchiveKind, string>;
}

export const ZH_ENUMS: EnumTexts = {
  faultKind: {
    offline: '设备离线',
    'disk-failed': '硬盘故障',
    'disk-warning': '硬盘告警',
    'channel-not-recording': '通道未录像',
    'video-loss': '视频丢失',
    tamper: '遮挡/移位',
    'ptz-fault': '云台故障',
    'port-down': '端口断开',
    'uplink-down': '上联中断',
    'temperature-high': '温度过高',
    'service-down': '服务停止',
    'recording-gap': '录像缺失',
    'retention-short': '录像保存天数不足',
    'stream-low': '码流/帧率过低',
    'vqd-blur': '图像模糊',
    'vqd-colour-cast': '图像偏色',
    'vqd-noise': '雪花噪声',
    'vqd-occlusion': '画面遮挡',
    'vqd-frozen': '画面冻结',
    'vqd-signal-loss': '信号丢失',
    'vqd-brightness': '亮度异常',
    flapping: '频繁掉线',
    'site-offline': '站点整体离线',
    'image-quality': '图像质量差',
    'no-picture': '无图像',
    damaged: '设备损坏',
    display: '显示故障',
    audio: '音频故障',
    other: '其他',
  },
  faultState: { open: '待确认', acknowledged: '已确认', dispatched: '已派单', 'on-site': '已到场', restored: '已恢复', closed: '已关闭' },
  deviceType: {
    dvr: '硬盘录像机',
    nvr: '网络录像机',
    camera: '摄像机',
    ptz: '云台摄像机',
    switch: '交换机',
    server: '服务器',
    'video-matrix': '视频矩阵',
    'video-wall': '大屏',
    'wall-controller': '拼接控制器',
    projector: '投影机',
    monitor: '监视器',
    'audio-mixer': '调音台',
    equaliser: '均衡器',
    amplifier: '功放',
    speaker: '音箱',
    microphone: '话筒',
    'audio-matrix': '音频矩阵',
    'conference-host': '会议主机',
    'conference-unit': '会议单元',
    ups: 'UPS 电源',
  },
  deviceStatus: { online: '在线', offline: '离线', degraded: '异常', unknown: '未知', 'not-monitored': '不监测（无心跳，巡检覆盖）' },
  patrolKind: { 'weekly-power-on': '每周开机巡检', monthly: '月度巡检', 'half-yearly': '半年全省巡检' },
  role: { admin: '管理员', supervisor: '主管', operator: '值班员', engineer: '工程师', auditor: '审计员', system: '系统' },
  reportChannel: { phone: '电话', wechat: '微信', email: '邮件', 'on-site': '现场', other: '其他' },
  level: { '1': '一级', '2': '二级', '3': '三级', '4': '四级' },
  criticality: { low: '低', normal: '普通', high: '高', critical: '关键' },
  webhookFormat: { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', json: '通用 JSON' },
  rotaCover: { '7x24': '7×24 电话支持', '5x8': '5×8 驻场' },
  itemType: { 'pass-fail': '通过/不通过', number: '数值', choice: '选项', text: '文字', photo: '照片' },
  evidenceKind: { online: '在线状态', recording: '录像状态', disks: '硬盘状态', ports: '端口状态', services: '服务状态', video: '视频信号' },
  notifyChannel: { email: '邮件', webhook: '群机器人' },
  testStatus: { sent: '已发送', failed: '失败', skipped: '未发送' },
  patrolState: { due: '待巡检', 'in-progress': '巡检中', submitted: '已提交', signed: '已签字' },
  serviceRecordKind: { fault: '故障维修', patrol: '巡检', visit: '上门服务', callback: '回访' },
  serviceRecordState: { draft: '草稿', 'awaiting-signature': '待客户签字', signed: '已签字' },
  signingChannel: { 'engineer-device': '工程师设备现场签字', 'customer-link': '客户一次性链接签字' },
  linkChannel: { sms: '短信', mail: '邮件', wecom: '企业微信' },
  integrityFlag: {
    'signature-copied': '签名图像与另一份记录完全相同（疑似复制）',
    'signer-is-staff': '签字人姓名是本公司员工',
    'device-signed-with-contact': '客户有联系方式却在工程师设备上签字',
  },
  feedbackKind: { complaint: '投诉', grumble: '抱怨', suggestion: '建议', opinion: '意见', praise: '表扬', 'maintenance-request': '报修' },
  feedbackChannel: { phone: '电话', mail: '邮件', wecom: '企业微信', visit: '上门', survey: '调查表' },
  feedbackState: { open: '待处理', 'in-progress': '处理中', resolved: '已解决', closed: '已关闭' },
  callbackReason: { 'phone-fix': '电话解决', visit: '上门服务', patrol: '巡检', survey: '满意度调查', 'follow-up': '跟进', retry: '重拨' },
  callbackOutcome: { reached: '已联系', 'not-reached': '未联系上', refused: '拒绝' },
  callbackStatus: { pending: '未到期', due: '待回访', missed: '已错过', 'done-on-time': '按时完成', 'done-late': '逾期完成' },
  surveyState: { open: '待填写', sent: '已发送', answered: '已回答' },
  loanerState: { 'in-store': '在库', lent: '借出', retired: '已报废' },
  loanState: { out: '借用中', returned: '已换回' },
  rmaState: { sent: '已寄出', received: '厂商已收', repaired: '已修复', replaced: '已更换', returned: '已返回' },
  archiveKind: {
    status: '在线状态',
    condition: '设备状况',
    firmware: '固件变更',
    fault: '故障',
    repair: '维修',
    patrol: '巡检',
    'service-record': '服务记录',
    feedback: '客户反馈',
    callback: '回访',
    survey: '满意度调查',
    part: '更换备件',
  },
};

export const EN_ENUMS: EnumTexts = {
  faultKind: {
    offline: 'Device offline',
    'disk-failed': 'Disk failed',
    'disk-warning': 'Disk warning',
    'channel-not-recording': 'Channel not recording',
    'video-loss': 'Video loss',
    tamper: 'Tamper',
    'ptz-fault': 'PTZ fault',
    'port-down': 'Port down',
    'uplink-down': 'Uplink down',
    'temperature-high': 'Temperature high',
    'service-down': 'Service down',
    'recording-gap': 'Recording gap',
    'retention-short': 'Retention too short',
    'stream-low': 'Stream below floor',
    'vqd-blur': 'Blurred picture',
    'vqd-colour-cast': 'Colour cast',
    'vqd-noise': 'Snow noise',
    'vqd-occlusion': 'Picture occluded',
    'vqd-frozen': 'Frozen frame',
    'vqd-signal-loss': 'Signal loss',
    'vqd-brightness': 'Brightness out of range',
    flapping: 'Flapping',
    'site-offline': 'Site offline',
    'image-quality': 'Poor image',
    'no-picture': 'No picture',
    damaged: 'Damaged',
    display: 'Display fault',
    audio: 'Audio fault',
    other: 'Other',
  },
  faultState: { open: 'Open', acknowledged: 'Acknowledged', dispatched: 'Dispatched', 'on-site': 'On site', restored: 'Restored', closed: 'Closed' },
  deviceType: {
    dvr: 'DVR',
    nvr: 'NVR',
    camera: 'Camera',
    ptz: 'PTZ camera',
    switch: 'Switch',
    server: 'Server',
    'video-matrix': 'Video matrix',
    'video-wall': 'Video wall',
    'wall-controller': 'Wall controller',
    projector: 'Projector',
    monitor: 'Monitor',
    'audio-mixer': 'Audio mixer',
    equaliser: 'Equaliser',
    amplifier: 'Amplifier',
    speaker: 'Speaker',
    microphone: 'Microphone',
    'audio-matrix': 'Audio matrix',
    'conference-host': 'Conference host',
    'conference-unit': 'Conference unit',
    ups: 'UPS',
  },
  deviceStatus: { online: 'Online', offline: 'Offline', degraded: 'Degraded', unknown: 'Unknown', 'not-monitored': 'Not monitored (no heartbeats; patrols cover it)' },
  patrolKind: { 'weekly-power-on': 'Weekly power-on', monthly: 'Monthly', 'half-yearly': 'Half-yearly province-wide' },
  role: { admin: 'Admin', supervisor: 'Supervisor', operator: 'Operator', engineer: 'Engineer', auditor: 'Auditor', system: 'System' },
  reportChannel: { phone: 'Phone', wechat: 'WeChat', email: 'Mail', 'on-site': 'On site', other: 'Other' },
  level: { '1': 'Level 1', '2': 'Level 2', '3': 'Level 3', '4': 'Level 4' },
  criticality: { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' },
  webhookFormat: { wecom: 'WeCom group robot', dingtalk: 'DingTalk group robot', json: 'Plain JSON' },
  rotaCover: { '7x24': '7×24 phone', '5x8': '5×8 on site' },
  itemType: { 'pass-fail': 'Pass / fail', number: 'Number', choice: 'Choice', text: 'Text', photo: 'Photo' },
  evidenceKind: { online: 'Online', recording: 'Recording', disks: 'Disks', ports: 'Ports', services: 'Services', video: 'Video signal' },
  notifyChannel: { email: 'Mail', webhook: 'Group chat' },
  testStatus: { sent: 'Sent', failed: 'Failed', skipped: 'Not sent' },
  patrolState: { due: 'Due', 'in-progress': 'In progress', submitted: 'Submitted', signed: 'Signed' },
  serviceRecordKind: { fault: 'Fault repair', patrol: 'Patrol', visit: 'Visit', callback: 'Callback' },
  serviceRecordState: { draft: 'Draft', 'awaiting-signature': 'Awaiting signature', signed: 'Signed' },
  signingChannel: { 'engineer-device': "Signed on the engineer's device", 'customer-link': 'Signed through a one-time link' },
  linkChannel: { sms: 'SMS', mail: 'Mail', wecom: 'WeCom' },
  integrityFlag: {
    'signature-copied': 'The signature image is identical to another record’s (copied?)',
    'signer-is-staff': 'The signer’s name is one of our staff',
    'device-signed-with-contact': 'Signed on the engineer’s device although the customer could have been sent a link',
  },
  feedbackKind: { complaint: 'Complaint', grumble: 'Grumble', suggestion: 'Suggestion', opinion: 'Opinion', praise: 'Praise', 'maintenance-request': 'Maintenance request' },
  feedbackChannel: { phone: 'Phone', mail: 'Mail', wecom: 'WeCom', visit: 'Visit', survey: 'Survey' },
  feedbackState: { open: 'Open', 'in-progress': 'In progress', resolved: 'Resolved', closed: 'Closed' },
  callbackReason: { 'phone-fix': 'Phone fix', visit: 'Visit', patrol: 'Patrol', survey: 'Survey', 'follow-up': 'Follow-up', retry: 'Retry' },
  callbackOutcome: { reached: 'Reached', 'not-reached': 'Not reached', refused: 'Refused' },
  callbackStatus: { pending: 'Not yet due', due: 'Due', missed: 'Missed', 'done-on-time': 'Done on time', 'done-late': 'Done late' },
  surveyState: { open: 'Open', sent: 'Sent', answered: 'Answered' },
  loanerState: { 'in-store': 'In store', lent: 'Lent', retired: 'Retired' },
  loanState: { out: 'Out', returned: 'Swapped back' },
  rmaState: { sent: 'Sent', received: 'Received by vendor', repaired: 'Repaired', replaced: 'Replaced', returned: 'Returned' },
  archiveKind: {
    status: 'Status',
    condition: 'Condition',
    firmware: 'Firmware',
    fault: 'Fault',
    repair: 'Repair',
    patrol: 'Patrol',
    'service-record': 'Service record',
    feedback: 'Feedback',
    callback: 'Callback',
    survey: 'Survey',
    part: 'Part fitted',
  },
};
