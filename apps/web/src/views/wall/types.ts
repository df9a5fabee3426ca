import type { FaultLevel } from '@vigil/domain/sla/sla-policy';

/** One site as GET /api/dashboard/overview describes it (the route's answer is not typed in the OpenAPI document). */
export interface WallSite {
  id: string;
  code: string;
  name: string;
  region: string | null;
  parentId: string | null;
  timeZone: string | null;
  devices: { online: number; degraded: number; offline: number; unknown: number; notMonitored: number; total: number };
  /** Open top-level faults per level. */
  faults: Record<FaultLevel, number>;
  /** When the oldest open fault of each level opened (ISO), null when none. */
  oldestOpenAt?: Record<FaultLevel, string | null>;
}

export interface WallOverview {
  summary: Record<FaultLevel, number>;
  sites: WallSite[];
  patrols: { overdue: number; dueThisMonth: number };
}

export const LEVELS: FaultLevel[] = [1, 2, 3, 4];
