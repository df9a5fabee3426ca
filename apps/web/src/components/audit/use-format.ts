import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AuditName } from '@vigil/domain/audit/audit-references';
import { DEFAULT_ZONE } from '@web/composables/local-time';
import type { FormatContext } from './audit-format';

/** The formatter's context in the reader's language, following a language switch at once. */
export function useFormatContext(names: Ref<Record<string, AuditName>>, zone: Ref<string | undefined> | null = null) {
  const { t, te, locale } = useI18n();
  return computed<FormatContext>(() => {
    // read so the context (and every row built from it) follows the language
    void locale.value;
    return { t: (k, p) => t(k, p ?? {}), te: (k) => te(k), names: names.value, zone: zone?.value || DEFAULT_ZONE };
  });
}
