/** JSON schemas and shapes the account routes share: the user, a session answer, roles, e-mail and password. */
import type { Principal } from '../auth/accounts.js';
import { PASSWORD_MAX_LENGTH } from '../auth/password-policy.js';

export const roleSchema = { type: 'string', enum: ['admin', 'coach', 'wearer'] } as const;
export const rolesSchema = { type: 'array', items: roleSchema, minItems: 1, maxItems: 3, uniqueItems: true } as const;
export const emailSchema = { type: 'string', minLength: 3, maxLength: 254 } as const;
export const nameSchema = { type: 'string', minLength: 1, maxLength: 120 } as const;
/** Only bounded here: the length rule is the password policy's, with its own clearer error (PASSWORD_TOO_WEAK). */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'roles', 'wearerId'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: roleSchema },
    wearerId: { type: ['string', 'null'] },
  },
} as const;

/** `{token, expiresMs, user}`: what signing in (login, setup, accepting an invitation) answers. */
export const sessionAnswerSchema = {
  type: 'object',
  required: ['token', 'expiresMs', 'user'],
  properties: { token: { type: 'string' }, expiresMs: { type: 'integer' }, user: userSchema },
} as const;

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Principal['roles'];
  wearerId: string | null;
}

export function userOf(p: Principal): User {
  return { id: p.accountId, email: p.email, name: p.name, roles: p.roles, wearerId: p.wearerId };
}

export function sessionAnswer(signedIn: { token: string; expiresMs: number; user: Principal }) {
  return { token: signedIn.token, expiresMs: signedIn.expiresMs, user: userOf(signedIn.user) };
}
