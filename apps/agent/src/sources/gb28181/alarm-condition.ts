/**
 * What a GB/T 28181-2016 alarm notification (§9.4, A.2.5 报警通知) says about health. The codes, per A.2.5's Info/AlarmType:
 * - AlarmMethod 2 (设备报警): AlarmType 1 视频丢失 video loss, 2 设备防拆 tamper (housing opened), 3 存储设备磁盘满 disk full,
 *   4 设备高温, 5 设备低温;
 * - AlarmMethod 5 (视频报警): AlarmType 1–12 video analytics; 11 视频异常检测 (video anomaly: covered lens 遮挡, blur, scene
 *   change) is the one health speaks of, as tamper; the others (motion, tripwire…) are events, not faults;
 * - AlarmMethod 6 (设备故障报警): AlarmType 1 存储设备磁盘故障 disk failure, 2 存储设备风扇故障 fan failure.
 * Methods 1, 3, 4, 7 (telephone, SMS, GPS, other) and the codes without a health field (temperature, fan) map to nothing.
 */
export type AlarmCondition = 'video-loss' | 'tamper' | 'disk-full' | 'disk-failed';

const CONDITIONS: Record<string, AlarmCondition> = {
  '2/1': 'video-loss',
  '2/2': 'tamper',
  '2/3': 'disk-full',
  '5/11': 'tamper',
  '6/1': 'disk-failed',
};

export function alarmCondition(method: number, type: number | null): AlarmCondition | null {
  return type === null ? null : (CONDITIONS[`${method}/${type}`] ?? null);
}
