/** Roles as the admin screens name and pick them. */
import type { Role } from '../../lib/api/types.js';

export const ROLE_LABELS: Readonly<Record<Role, string>> = Object.freeze({
  wearer: 'Wearer',
  coach: 'Coach',
  admin: 'Administrator',
});

export const ROLE_HINTS: Readonly<Record<Role, string>> = Object.freeze({
  wearer: 'wears a sensor and sees their own posture',
  coach: 'follows the wearers assigned to them',
  admin: 'manages accounts and invitations',
});

export const ALL_ROLES: readonly Role[] = Object.freeze(['wearer', 'coach', 'admin']);

export function rolesText(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join(', ');
}
