/**
 * Who may see what, in one place. An admin sees everything; a wearer account its own wearer profile; a coach
 * the wearers assigned to it (`coachOf`, loaded with the session). The route-level checks
 * (`route-access.ts`) and the handlers that filter lists both use these rules.
 */
import { stanceError } from '../errors.js';
import type { Principal, Role } from './accounts.js';

export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

export function isAdmin(p: Principal): boolean {
  return hasRole(p, 'admin');
}

/** "W": an admin, the wearer themself, or a coach assigned to them. */
export function maySeeWearer(p: Principal, wearerId: string): boolean {
  return isAdmin(p) || isOwnWearer(p, wearerId) || isAssignedCoach(p, wearerId);
}

/** "C": an admin or a coach assigned to the wearer (notes, pins, tuning on the wearer's behalf). */
export function mayCoachWearer(p: Principal, wearerId: string): boolean {
  return isAdmin(p) || isAssignedCoach(p, wearerId);
}

function isOwnWearer(p: Principal, wearerId: string): boolean {
  return hasRole(p, 'wearer') && p.wearerId === wearerId;
}

function isAssignedCoach(p: Principal, wearerId: string): boolean {
  return hasRole(p, 'coach') && p.coachOf.includes(wearerId);
}

/** Throws FORBIDDEN unless `p` may read and act on wearer `wearerId` ("W"). */
export function assertWearerAccess(p: Principal, wearerId: string): void {
  if (!maySeeWearer(p, wearerId)) throw stanceError('FORBIDDEN', { reason: `no access to wearer ${wearerId}` });
}

/** Throws FORBIDDEN unless `p` is an admin or a coach assigned to `wearerId` ("C"). */
export function assertCoachAccess(p: Principal, wearerId: string): void {
  if (!mayCoachWearer(p, wearerId)) throw stanceError('FORBIDDEN', { reason: `not a coach of wearer ${wearerId}` });
}

/** Throws FORBIDDEN unless `p` is an admin (registering devices, creating wearers, listing everything). */
export function assertAdmin(p: Principal): void {
  if (!isAdmin(p)) throw stanceError('FORBIDDEN', { reason: 'administrators only' });
}

/** Wearers `p` may list: every one for an admin, else its own and those it coaches. */
export function visibleWearer(p: Principal, wearerId: string): boolean {
  return maySeeWearer(p, wearerId);
}
