import { useEffect, type RefObject } from 'react';

/** Keys typed into a field are text, not commands. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/**
 * j and k move the focus to the next and previous row of the list (links), so Enter opens the
 * focused one as a click would. The focus itself is the cursor: Tab, the mouse and j/k agree.
 */
export function useRowKeys(listRef: RefObject<HTMLElement | null>, rowSelector: string): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const step = event.key === 'j' ? 1 : event.key === 'k' ? -1 : 0;
      if (step === 0) return;
      const rows = Array.from(listRef.current?.querySelectorAll<HTMLElement>(rowSelector) ?? []);
      if (rows.length === 0) return;
      event.preventDefault();
      const current = rows.indexOf(document.activeElement as HTMLElement);
      const next = current === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, current + step));
      const row = rows[next];
      row?.focus();
      row?.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [listRef, rowSelector]);
}
