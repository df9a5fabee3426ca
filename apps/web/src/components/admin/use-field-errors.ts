import { ElMessage } from 'element-plus';
import { computed, shallowRef, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@web/api/http';
import { errorText } from '@web/i18n/errors';
import { fieldMessages } from './field-errors';

export interface FieldErrors {
  /** Field path → message in the reader's language (follows a language switch); "" holds what belongs to no shown field. */
  messages: ComputedRef<Record<string, string>>;
  /** Keeps a refused request's problems for the form (400, or a 409 naming a field); any other error is a message at the top of the page. */
  capture(err: unknown): void;
  clear(): void;
}

/** A form's view of the server's validation answer: `knownFields` are the DTO fields class-validator names by their first word. */
export function useFieldErrors(knownFields: readonly string[] = [], shown?: (field: string) => boolean): FieldErrors {
  const { t } = useI18n();
  const last = shallowRef<unknown>(null);
  const messages = computed(() => (last.value ? fieldMessages(last.value, t, knownFields, shown) : {}));

  function capture(err: unknown): void {
    if (err instanceof ApiError && (err.status === 400 || err.status === 409)) {
      last.value = err;
      const found = fieldMessages(err, t, knownFields, shown);
      // a problem no field of the form shows: also said where the reader looks
      if (Object.keys(found).every((k) => k === '')) ElMessage.error(errorText(err));
      return;
    }
    last.value = null;
    ElMessage.error(errorText(err));
  }

  return { messages, capture, clear: () => (last.value = null) };
}
