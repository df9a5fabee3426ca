import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '@web/api/http';
import type { HolidayOutlook } from '@web/views/admin/org/types';

/** The year whose holiday calendar an admin must load now: this year's when missing, else next year's once it is due (60 days ahead). */
export function missingYear(outlook: Pick<HolidayOutlook, 'nextYear' | 'missingNextYear' | 'missingThisYear'> | null): number | null {
  if (!outlook) return null;
  if (outlook.missingThisYear) return outlook.nextYear - 1;
  return outlook.missingNextYear ? outlook.nextYear : null;
}

/** The holiday calendars' outlook, read once for the notice and again after the admin loads a year. */
export const useCalendarOutlook = defineStore('calendar-outlook', () => {
  const outlook = ref<HolidayOutlook | null>(null);
  async function refresh(): Promise<HolidayOutlook> {
    const { data } = await api.GET('/api/calendars/holidays');
    outlook.value = data as unknown as HolidayOutlook;
    return outlook.value;
  }
  const missing = computed(() => missingYear(outlook.value));
  return { outlook, missing, refresh };
});
