/**
 * What a person has typed, kept in this browser's storage so a reload, a crash or a closed tab
 * loses nothing. Entries carry the time they were written and are forgotten after a month.
 * Storage may be full or missing (privacy modes): the forms then work as before, and the leave
 * guards still ask before anything is lost.
 */
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { useUser } from './session';

const MAX_AGE_MS = 30 * 24 * 3_600_000;

export interface Stamped {
  savedAt: number;
}

export function readStashed<T extends Stamped>(key: string, isValid: (value: unknown) => value is T, now = Date.now()): T | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return isValid(parsed) && typeof parsed.savedAt === 'number' && now - parsed.savedAt <= MAX_AGE_MS ? parsed : null;
  } catch {
    return null;
  }
}

export function writeStashed(key: string, value: Stamped): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No room or no storage: nothing kept.
  }
}

export function clearStashed(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing to clear where there is no storage.
  }
}

export const isText = (value: unknown): value is string => typeof value === 'string';

interface Options<T> {
  /** Whether a stored value has this form's shape (storage outlives versions of the app). */
  isValid: (value: unknown) => value is T;
  /** Whether the form holds nothing worth keeping; by default, whether it equals its first value. */
  isBlank?: (value: T) => boolean;
}

/**
 * useState for a form's typed values, kept per signed-in user and `place` (say `comment.<caseId>`)
 * until the form is blank again (sent or emptied).
 */
export function useStashedState<T>(place: string, initial: T | (() => T), { isValid, isBlank }: Options<T>): [T, Dispatch<SetStateAction<T>>] {
  const user = useUser();
  const key = `refute.typed.${user.id}.${place}`;
  const [blank] = useState(initial);
  const [value, setValue] = useState<T>(() => {
    const stored = readStashed(key, (entry): entry is { value: T; savedAt: number } => isValid((entry as { value?: unknown } | null)?.value));
    return stored ? stored.value : blank;
  });
  const empty = isBlank ? isBlank(value) : JSON.stringify(value) === JSON.stringify(blank);
  useEffect(() => {
    if (empty) clearStashed(key);
    else writeStashed(key, { value, savedAt: Date.now() } as Stamped);
  }, [key, value, empty]);
  return [value, setValue];
}
