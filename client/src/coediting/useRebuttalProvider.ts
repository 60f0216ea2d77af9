import { useEffect, useState } from 'react';
import { liveSocket } from '../realtime';
import { RebuttalProvider, type CursorUser, type SyncState } from './provider';
import { seedFromHtml } from './seed';

const CURSOR_COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#ae3ec9', '#e8590c', '#0c8599', '#c2255c', '#5f3dc4'];

/** A stable colour per person, so everyone sees the same colour for the same expert. */
export function cursorColor(userId: string): string {
  let sum = 0;
  for (const char of userId) sum = (sum * 31 + char.charCodeAt(0)) >>> 0;
  return CURSOR_COLORS[sum % CURSOR_COLORS.length] ?? '#1971c2';
}

/**
 * The shared rebuttal document of a case while the editor is shown. After the first sync, an
 * empty document takes the saved rebuttal as its first content.
 */
export function useRebuttalProvider(caseId: string, user: Omit<CursorUser, 'color'>, savedHtml: string) {
  const [provider, setProvider] = useState<RebuttalProvider | null>(null);
  const [syncState, setSyncState] = useState<SyncState>('connecting');

  useEffect(() => {
    const created = new RebuttalProvider(liveSocket(), caseId, { ...user, color: cursorColor(user.id) });
    let seeded = false;
    const stop = created.onStateChange((state) => {
      setSyncState(state);
      if (state === 'synced' && !seeded) {
        seeded = true;
        seedFromHtml(created.doc, savedHtml);
      }
    });
    setProvider(created);
    setSyncState(created.syncState);
    return () => {
      stop();
      created.destroy();
    };
    // The saved text only seeds a new document; a later save must not recreate the provider.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, user.id, user.name]);

  return { provider, syncState };
}
