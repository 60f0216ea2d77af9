import { ApiError } from './api';
import type { Translate } from './i18n';

function retryAfterSeconds(error: ApiError): number {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
}

/** A message for the error banner: localized for the codes the UI knows, else the server's text. */
export function errorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'network_error':
      return t('errNetwork');
    case 'already_claimed':
      return t('alreadyClaimed');
    case 'four_eyes':
      return t('errFourEyes');
    case 'last_report':
      return t('errLastReport');
    case 'same_case':
      return t('errSameCase');
    case 'case_published':
      return t('errCasePublished');
    case 'not_on_case':
      return t('errNotOnCase');
    case 'too_many_attempts':
      return t('errTooManyAttempts', { count: Math.max(1, Math.ceil(retryAfterSeconds(error) / 60)) });
    case 'cross_origin':
      return t('errCrossOrigin');
    case 'invalid_state':
      return t('errInvalidState');
    case 'concurrent_change':
    case 'already_reopened':
    case 'already_approved':
      return t('errChangedMeanwhile');
  }
  if (error.status === 401) return t('errSession');
  if (error.status === 403) return error.message || t('errForbidden');
  if (error.status === 404) return t('errNotFound');
  return error.message || t('errGeneric', { code: error.code });
}
