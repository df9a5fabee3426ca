import { createI18n } from 'vue-i18n';
import { adminOrg } from './areas/admin-org';
import { adminPeople } from './areas/admin-people';
import { audit } from './areas/audit';
import { common } from './areas/common';
import { desk } from './areas/desk';
import { operator } from './areas/operator';
import { field } from './areas/field';
import { parts } from './areas/parts';
import { loaners } from './areas/loaners';
import { patrols } from './areas/patrols';
import { wall } from './areas/wall';
import { EN_ENUMS, ZH_ENUMS } from './enums';
import type { AreaTexts, TextTree } from './types';

export type Locale = 'zh-CN' | 'en';
export const LOCALE_KEY = 'vigil.lang';

/** Every area's texts; an area adds its file here (one line per area keeps merges simple). */
export const AREAS: Record<string, AreaTexts> = {
  common,
  patrols,
  wall,
  adminOrg,
  adminPeople,
  operator,
  audit,
  field,
  desk,
  parts,
  loaners,
};

export function messagesFor(lang: 'zh' | 'en'): TextTree {
  const tree: TextTree = { enum: (lang === 'zh' ? ZH_ENUMS : EN_ENUMS) as unknown as TextTree };
  for (const area of Object.values(AREAS)) Object.assign(tree, area[lang]);
  return tree;
}

export function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  // the old pages kept 'zh'; zh-CN is the default
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { 'zh-CN': messagesFor('zh'), en: messagesFor('en') },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}
