/**
 * Who may see what. One place for the rules, so the accounts issue adds wearer and coach access here:
 * today an admin sees everything, a wearer account only its own profile, and a coach nothing yet (coach
 * assignments come with the accounts issue).
 */
import { stanceError } from '../errors.js';
import type { Principal } from './accounts.js';

export function isAdmin(p: Principal): boolean {
  return p.roles.includes('admin');
}

/** Throws FORBIDDEN unless `p` may read and act on wearer `wearerId`. */
export function assertWearerAccess(p: Principal, wearerId: string): void {
  if (isAdmin(p)) return;
  if (p.roles.includes('wearer') && p.wearerId === wearerId) return;
  throw stanceError('FORBIDDEN', { reason: `no access to wearer ${wearerId}` });
}

/** Throws FORBIDDEN unless `p` is an admin (registering devices, creating wearers, listing everything). */
export function assertAdmin(p: Principal): void {
  if (!isAdmin(p)) throw stanceError('FORBIDDEN', { reason: 'administrators only' });
}

/** Wearers `p` may list: every one for an admin, else its own. */
export function visibleWearer(p: Principal, wearerId: string): boolean {
  return isAdmin(p) || (p.roles.includes('wearer') && p.wearerId === wearerId);
}
