import { ApiError } from '@web/api/http';
import { i18n } from './index';

/** What a person reads for a failed request, in their language; the server's own words follow as the detail. */
export function errorText(err: unknown): string {
  const t = i18n.global.t;
  if (err instanceof ApiError) {
    if (err.status === 429 && err.retryAfterSec) return t('auth.tooMany', { min: Math.ceil(err.retryAfterSec / 60) });
    const key = `errors.${err.status}`;
    const detail = err.field ? `${err.field}: ${err.serverMessage}` : err.serverMessage;
    return i18n.global.te(key) ? t(key, { detail }) : t('errors.unknown', { status: err.status });
  }
  if (err instanceof TypeError) return t('errors.network');
  return err instanceof Error ? err.message : String(err);
}
