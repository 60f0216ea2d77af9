/** Where the at-risk points stand on each deadline: an admin setting (`settings/service.ts`). */
import { DEFAULT_AT_RISK, type AtRiskSettings } from '@refute/shared';

let current: AtRiskSettings = DEFAULT_AT_RISK;

export function atRiskSettings(): AtRiskSettings {
  return current;
}

export function configureAtRisk(settings: AtRiskSettings): void {
  current = { ...settings };
}
