import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionUser } from '@refute/shared';
import { disconnectLive } from './realtime';
import { api, ApiError, setUnauthorizedHandler } from './api';
import { queryClient } from './queries';

interface SessionState {
  /** undefined while the session is being checked, null when signed out. */
  user: SessionUser | null | undefined;
  login(email: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    api
      .me()
      .then(({ user: me }) => !cancelled && setUser(me))
      .catch((error: unknown) => {
        if (!cancelled) setUser(null);
        if (!(error instanceof ApiError && error.status === 401)) console.error(error);
      });
    // A session that ended elsewhere leaves nothing of this user behind for the next one.
    setUnauthorizedHandler(() => {
      queryClient.clear();
      disconnectLive();
      setUser(null);
    });
    return () => {
      cancelled = true;
      setUnauthorizedHandler(null);
    };
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const { user: signedIn } = await api.login(email, password);
    setUser(signedIn);
    return signedIn;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
      disconnectLive();
    } finally {
      // Nothing one user saw stays cached for the next.
      queryClient.clear();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in user, for pages that are only rendered when someone is signed in. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser needs a signed-in user');
  return user;
}
