import { ApiError } from './api';
import type { Translate } from './i18n';

function retryAfterSeconds(error: ApiError): number {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
}

/**
 * A message for the error banner in the UI's language: the server's codes are mapped here, so no
 * English text of the server appears in the Chinese UI; an unknown code is named in a generic message.
 */
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
    case 'case_own_text':
      return t('errCaseOwnText');
    case 'empty_claim_statement':
      return t('errEmptyClaimStatement');
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
    case 'checklist_incomplete':
      return t('errChecklistIncomplete');
    case 'second_expert_required':
      return t('errSecondExpert');
    case 'not_lead_unit':
      return t('errNotLeadUnit');
    case 'not_case_unit':
      return t('errNotCaseUnit');
    case 'unknown_unit':
      return t('errUnknownUnit');
    case 'concurrent_change':
    case 'already_reopened':
    case 'already_approved':
    case 'draft_changed':
      return t('errChangedMeanwhile');
    case 'not_assigned':
      return t('errNotAssigned');
    case 'already_retracted':
      return t('errAlreadyRetracted');
    case 'not_published':
      return t('errNotPublished');
    case 'other_organisation':
      return t('errOtherOrganisation');
    case 'validation_failed':
    case 'invalid_json':
      return t('errValidation');
    case 'too_much_evidence':
      return t('errTooMuchEvidence');
    case 'offer_taken':
      return t('errOfferTaken');
    case 'offer_closed':
      return t('errOfferClosed');
    case 'page_passed':
      return t('errPagePassed');
    case 'at_capacity':
      return t('errAtCapacity');
    case 'not_reviewer':
      return t('errNotReviewer');
    case 'invalid_csv':
      return t('errInvalidCsv');
    case 'invalid_assignee':
      return t('errInvalidAssignee');
    case 'payload_too_large':
      return t('errTooLarge');
    case 'delivery_pending':
      return t('errDeliveryPending');
    case 'webhook_disabled':
      return t('errWebhookDisabled');
    case 'webhook_url_refused':
      return t('errWebhookUrlRefused');
    case 'unreadable_upload':
      return t('errUnreadableUpload');
    case 'empty_upload':
      return t('errEmptyUpload');
    case 'too_many_rows':
      return t('errTooManyRows');
    case 'api_key_rotated':
      return t('errApiKeyRotated');
    case 'api_key_revoked':
      return t('errApiKeyRevoked');
    case 'password_link_invalid':
      return t('errPasswordLink');
    case 'email_taken':
      return t('errEmailTaken');
    case 'own_account':
      return t('errOwnAccount');
    case 'unknown_region':
      return t('errUnknownRegion');
    case 'org_unknown_region':
      return t('errOrgUnknownRegion');
    case 'org_level_required':
      return t('errOrgLevelRequired');
    case 'org_platform_in_hierarchy':
      return t('errOrgPlatformInHierarchy');
    case 'org_parent_not_allowed':
      return t('errOrgParentNotAllowed');
    case 'org_parent_required':
      return t('errOrgParentRequired');
    case 'org_parent_level':
      return t('errOrgParentLevel');
    case 'org_region_level':
      return t('errOrgRegionLevel');
    case 'org_region_outside_parent':
      return t('errOrgRegionOutsideParent');
    case 'org_children_misplaced':
      return t('errOrgChildrenMisplaced');
  }
  if (error.status === 401) return t('errSession');
  if (error.status === 403) return t('errForbidden');
  if (error.status === 404) return t('errNotFound');
  return t('errGeneric', { code: error.code });
}
