/**
 * Who is signed in: the session token (kept in localStorage so a reload stays signed in) and the account.
 * Components read `session.user`; sign-in and sign-out go through here.
 */
export type Role = 'admin' | 'coach' | 'wearer';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  wearerId: string | null;
}

const KEY = 'stance.session';

function load(): { token: string | null; user: User | null } {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { token: string; user: User } | null;
    return saved ?? { token: null, user: null };
  } catch {
    return { token: null, user: null };
  }
}

class Session {
  token = $state<string | null>(null);
  user = $state<User | null>(null);
  /** Set when the server said the token is no longer valid (shown on the sign-in screen). */
  expiredNotice = $state(false);

  constructor() {
    const saved = load();
    this.token = saved.token;
    this.user = saved.user;
  }

  signedIn(token: string, user: User): void {
    this.token = token;
    this.user = user;
    this.expiredNotice = false;
    localStorage.setItem(KEY, JSON.stringify({ token, user }));
  }

  clear(): void {
    this.token = null;
    this.user = null;
    localStorage.removeItem(KEY);
  }

  expired(): void {
    this.clear();
    this.expiredNotice = true;
  }

  has(role: Role): boolean {
    return this.user?.roles.includes(role) ?? false;
  }
}

export const session = new Session();
