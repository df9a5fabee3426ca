/**
 * GB/T 28181-2016 Appendix D (统一编码规则): a 20-digit id is centre code (digits 1–8), industry (9–10), type (11–13),
 * network (14) and serial (15–20). The type digits say what the id names: 111 DVR, 118 NVR, 131 camera, 132 IP camera.
 */
const GB_ID = /^\d{20}$/;

export type GbEquipmentType = 'camera' | 'dvr' | 'nvr';

const TYPE_CODES: Record<string, GbEquipmentType> = { '111': 'dvr', '118': 'nvr', '131': 'camera', '132': 'camera' };

export function isGbId(id: string): boolean {
  return GB_ID.test(id);
}

/** The equipment type the id's type digits (11–13) code, or null for anything else (alarm inputs, platforms, groups…). */
export function equipmentTypeOf(id: string): GbEquipmentType | null {
  return isGbId(id) ? (TYPE_CODES[id.slice(10, 13)] ?? null) : null;
}

/** A SIP domain (realm) is the id's first ten digits: centre code and industry (GB/T 28181-2016 §4 and Appendix D). */
export function isGbDomain(domain: string): boolean {
  return /^\d{10}$/.test(domain);
}
