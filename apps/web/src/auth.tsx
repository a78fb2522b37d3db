import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { tokens, users } from './api/client';

export interface Me {
  id: string;
  email: string;
  fullName: string;
  role: string;
}

interface Auth {
  me: Me | null;
  ready: boolean;
  signIn(email: string, password: string): Promise<unknown>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** The signed-in person as last read, for a reload without the network. */
const ME = 'evently-me';

/** Who is signed in: read from the API with the stored tokens at start, so a reload stays signed in. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  const load = useCallback(async () => {
    if (!tokens.get()) {
      localStorage.removeItem(ME);
      setMe(null);
      setReady(true);
      return;
    }
    let answer;
    try {
      answer = await users.GET('/api/v1/users/me');
    } catch {
      // No network (a door scanner in a basement): still the person last seen with these tokens, until it
      // comes back and asks again.
      const kept = localStorage.getItem(ME);
      setMe(kept ? (JSON.parse(kept) as Me) : null);
      setReady(true);
      window.addEventListener('online', () => void load(), { once: true });
      return;
    }
    const { data, response } = answer;
    // Busy (429, 503) is not signed out: the tokens stay, and it asks again shortly.
    if (!data && response.status !== 401) {
      setTimeout(() => void load(), 1000);
      return;
    }
    if (data) localStorage.setItem(ME, JSON.stringify(data));
    else localStorage.removeItem(ME);
    setMe(data ?? null);
    setReady(true);
  }, []);

  useEffect(() => {
    void load();
    const onChange = () => void load();
    window.addEventListener('evently:tokens', onChange);
    return () => window.removeEventListener('evently:tokens', onChange);
  }, [load]);

  const signIn = async (email: string, password: string) => {
    const { data, error } = await users.POST('/api/v1/auth/login', { body: { email, password } });
    if (error || !data) return error ?? {};
    tokens.set({ accessToken: data.accessToken, refreshToken: data.refreshToken });
    return null;
  };

  const signOut = async () => {
    const current = tokens.get();
    if (current) await users.POST('/api/v1/auth/logout', { body: { refreshToken: current.refreshToken } });
    tokens.set(null);
  };

  return <AuthContext.Provider value={{ me, ready, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** Organizers and admins run events. */
export const isOrganizer = (role: string | undefined) => role === 'organizer' || role === 'admin';
