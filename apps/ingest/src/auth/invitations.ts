/**
 * Invitations: how an admin brings anyone in, and a coach a wearer, without knowing their password. The link
 * carries a random token (32 bytes) stored only as its SHA-256; it is good once, for `invitationTtlH`. The person
 * invited chooses the password when accepting, which signs them in. A coach's invitation can only be for a
 * wearer, and the new wearer is assigned to that coach.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { stanceError } from '../errors.js';
import { isAdmin } from './access-rules.js';
import { normaliseEmail, type Accounts, type Principal, type Role, type SignedIn } from './accounts.js';

/** What invitations need of the accounts. */
export type InvitationAccounts = Pick<Accounts, 'findByEmail' | 'create' | 'signIn' | 'coaches'>;
import { assertPasswordAcceptable } from './password-policy.js';
import { tokenHash } from './sessions.js';

export interface Invitation {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdMs: number;
  expiresMs: number;
  acceptedMs: number | null;
}

export interface NewInvitation {
  email: string;
  name: string;
  roles: Role[];
}

export interface Invitations {
  /** ACCOUNT_EXISTS when the address has an account; FORBIDDEN when a coach invites other than a wearer. */
  create(inviter: Principal, invitation: NewInvitation, nowMs?: number): { id: string; token: string; expiresMs: number };
  /** All for an admin; those it sent for anyone else. Newest first. */
  list(viewer: Principal): Invitation[];
  /** Withdraws one (INVITATION_NOT_FOUND when not the viewer's to withdraw). */
  revoke(viewer: Principal, id: string): void;
  /** What an open invitation is for (INVITATION_INVALID, INVITATION_EXPIRED). */
  lookup(token: string, nowMs?: number): Invitation;
  /** Creates the account, assigns the inviting coach, marks the invitation used, signs in. */
  accept(token: string, password: string, name: string | undefined, nowMs?: number): Promise<SignedIn>;
}

interface InvitationRow {
  id: string; email: string; name: string; roles: string; invited_by: string; coach_account_id: string | null;
  created_ms: number; expires_ms: number; accepted_ms: number | null;
}

/** `invitationTtlH`: how long a link stays good, hours. */
export function createInvitations(db: SqliteDatabase, accounts: InvitationAccounts, invitationTtlH: number): Invitations {
  const insert = db.prepare(
    `INSERT INTO invitation (token_hash, id, email, name, roles, invited_by, coach_account_id, created_ms, expires_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byToken = db.prepare<[Buffer], InvitationRow>('SELECT * FROM invitation WHERE token_hash = ?');
  const byId = db.prepare<[string], InvitationRow>('SELECT * FROM invitation WHERE id = ?');
  const all = db.prepare<[], InvitationRow>('SELECT * FROM invitation ORDER BY created_ms DESC, id');
  const sentBy = db.prepare<[string], InvitationRow>('SELECT * FROM invitation WHERE invited_by = ? ORDER BY created_ms DESC, id');
  const remove = db.prepare('DELETE FROM invitation WHERE id = ?');
  const claim = db.prepare('UPDATE invitation SET accepted_ms = ? WHERE token_hash = ? AND accepted_ms IS NULL');
  const unclaim = db.prepare('UPDATE invitation SET accepted_ms = NULL WHERE token_hash = ?');
  const ttlMs = invitationTtlH * 3_600_000;

  const openRow = (token: string, nowMs: number): InvitationRow => {
    const row = byToken.get(tokenHash(token));
    if (row === undefined || row.accepted_ms !== null) throw stanceError('INVITATION_INVALID');
    if (row.expires_ms <= nowMs) throw stanceError('INVITATION_EXPIRED');
    return row;
  };

  return {
    create(inviter, invitation, nowMs = Date.now()) {
      const admin = isAdmin(inviter);
      if (!admin && !inviter.roles.includes('coach')) throw stanceError('FORBIDDEN', { reason: 'administrators and coaches only' });
      if (!admin && invitation.roles.some((role) => role !== 'wearer')) {
        throw stanceError('FORBIDDEN', { reason: 'a coach may invite wearers only' });
      }
      if (invitation.roles.length === 0) throw stanceError('REQUEST_INVALID', { reason: 'roles: give at least one' });
      const email = normaliseEmail(invitation.email);
      if (accounts.findByEmail(email) !== null) throw stanceError('ACCOUNT_EXISTS', { email });
      const token = randomBytes(32).toString('base64url');
      const id = randomUUID();
      const expiresMs = nowMs + ttlMs;
      const roles = [...new Set(invitation.roles)];
      insert.run(tokenHash(token), id, email, invitation.name.trim(), JSON.stringify(roles), inviter.accountId, admin ? null : inviter.accountId, nowMs, expiresMs);
      return { id, token, expiresMs };
    },
    list: (viewer) => (isAdmin(viewer) ? all.all() : sentBy.all(viewer.accountId)).map(toInvitation),
    revoke(viewer, id) {
      const row = byId.get(id);
      if (row === undefined || (!isAdmin(viewer) && row.invited_by !== viewer.accountId)) throw stanceError('INVITATION_NOT_FOUND', { id });
      remove.run(id);
    },
    lookup: (token, nowMs = Date.now()) => toInvitation(openRow(token, nowMs)),
    async accept(token, password, name, nowMs = Date.now()) {
      const row = openRow(token, nowMs);
      assertPasswordAcceptable(password);
      // Claimed first, so two racing accepts make one account; given back if the account cannot be made.
      if (claim.run(nowMs, tokenHash(token)).changes === 0) throw stanceError('INVITATION_INVALID');
      let accountId: string;
      let wearerId: string | null;
      try {
        const roles = JSON.parse(row.roles) as Role[];
        ({ id: accountId, wearerId } = await accounts.create({ email: row.email, password, name: name?.trim() || row.name, roles }, nowMs));
      } catch (error) {
        unclaim.run(tokenHash(token));
        throw error;
      }
      if (row.coach_account_id !== null && wearerId !== null) accounts.coaches.assign(row.coach_account_id, wearerId, nowMs);
      return accounts.signIn(accountId, nowMs);
    },
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id, email: row.email, name: row.name, roles: JSON.parse(row.roles) as Role[],
    createdMs: row.created_ms, expiresMs: row.expires_ms, acceptedMs: row.accepted_ms,
  };
}
