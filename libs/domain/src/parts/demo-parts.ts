import type { PartModel, StoreKind } from './parts';
import { CENTRAL_STORE_ID } from '../loaners/loaner';

/** The demo estate's spare parts: what fits its recorders and cameras, and where the contractor keeps it. */
export const DEMO_PART_MODELS: Omit<PartModel, 'id' | 'createdAt' | 'updatedAt'>[] = [
  {
    sku: 'HDD-4T-SURV',
    name: 'DVR/NVR 监控硬盘 4TB surveillance disk',
    vendor: 'Seagate SkyHawk',
    compatibleModels: ['Dahua DH-XVR5108HS', 'Hikvision DS-7816N-K2'],
    unitCostCents: 68_000,
    warrantyMonths: 36,
  },
  {
    sku: 'PSU-12V-2A',
    name: '摄像机电源 12V 2A camera power supply',
    vendor: 'Mean Well',
    compatibleModels: ['Hikvision DS-2CD3T46WDV3-I3', 'Hikvision DS-2DE4425IW-DE'],
    unitCostCents: 4_500,
    warrantyMonths: 12,
  },
  { sku: 'SFP-1G-LX', name: '千兆单模光模块 1G SFP LX', vendor: 'H3C', compatibleModels: ['H3C S5130S-28S-HI'], unitCostCents: 12_000, warrantyMonths: 24 },
];

/** Stores and their stock of each part (by SKU): on hand and the minimum that calls for a reorder. */
export const DEMO_STORES: { id?: string; name: string; kind: StoreKind; region: string | null; van: boolean; stock: Record<string, { onHand: number; minimum: number }> }[] = [
  {
    id: CENTRAL_STORE_ID,
    name: '青岛中心库 Qingdao central store',
    kind: 'central',
    region: 'Qingdao',
    van: false,
    stock: { 'HDD-4T-SURV': { onHand: 6, minimum: 2 }, 'PSU-12V-2A': { onHand: 20, minimum: 5 }, 'SFP-1G-LX': { onHand: 4, minimum: 1 } },
  },
  { name: '工程师车载库 engineer van', kind: 'van', region: 'Qingdao', van: true, stock: { 'HDD-4T-SURV': { onHand: 2, minimum: 1 }, 'PSU-12V-2A': { onHand: 4, minimum: 1 } } },
];
