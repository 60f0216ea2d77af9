import { DEFAULT_TRIAGE_SETTINGS, type TriageSettings } from '../cases/triage';

let current: TriageSettings = DEFAULT_TRIAGE_SETTINGS;

export function triageSettings(): TriageSettings {
  return current;
}

/** Set once at boot from the configuration. */
export function configureTriage(overrides: Partial<TriageSettings>): void {
  current = { ...DEFAULT_TRIAGE_SETTINGS, ...overrides };
}
