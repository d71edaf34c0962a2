/**
 * Where a signed-in person lands: a wearer on their own today screen, a coach on their list of wearers, an
 * admin on administration. The shell and the screens that sign someone in (setup, invitation) share it.
 */
import type { User } from './session.svelte.js';

export function homePath(user: User | null): string {
  if (!user) return '/signin';
  if (user.wearerId && !user.roles.includes('coach')) return `/w/${user.wearerId}/today`;
  if (user.roles.includes('coach')) return '/coach';
  if (user.roles.includes('admin')) return '/admin';
  return user.wearerId ? `/w/${user.wearerId}/today` : '/signin';
}

const RETURN_KEY = 'stance.returnTo';

/**
 * Remembers the page a signed-out visitor asked for (a bookmark, a reload after the session expired), so that
 * signing in carries on there. Per tab (sessionStorage) and used once.
 */
export function rememberReturnPath(path: string): void {
  if (!path.startsWith('/') || path === '/' || path === '/signin') return;
  try {
    sessionStorage.setItem(RETURN_KEY, path);
  } catch {
    /* storage refused: sign-in goes home instead */
  }
}

/**
 * The remembered page, once, if `user` may open it (the tab may have been signed out by someone else, whose
 * page the next person should not land on); null otherwise.
 */
export function takeReturnPath(user: User): string | null {
  let path: string | null = null;
  try {
    path = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
  } catch {
    return null;
  }
  if (path === null) return null;
  const has = (role: User['roles'][number]): boolean => user.roles.includes(role);
  if (path.startsWith('/admin')) return has('admin') ? path : null;
  if (path.startsWith('/coach')) return has('coach') ? path : null;
  const wearer = /^\/w\/([^/]+)\//.exec(path)?.[1];
  if (wearer !== undefined) return wearer === user.wearerId || has('coach') || has('admin') ? path : null;
  return null;
}
