/**
 * Navigation on wouter, with one addition: pages holding unsaved work register a guard, and
 * leaving them (an in-app link, `navigate`, closing or reloading the tab) asks first.
 */
import { useEffect } from 'react';
import { navigate as goTo } from 'wouter/use-browser-location';

export { useSearch, usePathname } from 'wouter/use-browser-location';

/** Returns the question to ask before leaving, or null when nothing would be lost. */
type LeaveGuard = () => string | null;
const guards = new Set<LeaveGuard>();

/** Asks the registered guards; true when leaving may go ahead. */
export function mayLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question && !window.confirm(question)) return false;
  }
  return true;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (!mayLeave()) return;
  goTo(path, { replace: options.replace ?? false });
  if (!options.replace) window.scrollTo(0, 0);
}

/** While `question` is set, leaving the page asks it (the browser shows its own text on close). */
export function useLeaveGuard(question: string | null): void {
  useEffect(() => {
    if (!question) return;
    const guard: LeaveGuard = () => question;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    guards.add(guard);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      guards.delete(guard);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [question]);
}
