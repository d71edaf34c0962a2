/**
 * A small hash router: `#/path` so the static files need no server-side routing. `router.path` is reactive;
 * `match(pattern)` answers the `:params` of a pattern like `/w/:wearerId/trends`, or null.
 */
class Router {
  path = $state(currentPath());

  constructor() {
    window.addEventListener('hashchange', () => {
      this.path = currentPath();
    });
  }

  go(path: string): void {
    if (currentPath() === path) return;
    window.location.hash = `#${path}`;
  }

  match(pattern: string): Record<string, string> | null {
    return matchPath(pattern, this.path);
  }
}

function currentPath(): string {
  const raw = window.location.hash.replace(/^#/, '');
  return raw.startsWith('/') ? raw.split('?')[0] ?? '/' : '/';
}

/** The query string after the hash path (`#/invite?token=...`). */
export function hashQuery(): URLSearchParams {
  const raw = window.location.hash.replace(/^#/, '');
  const i = raw.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
}

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i] as string;
    const seg = s[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

export const router = new Router();
