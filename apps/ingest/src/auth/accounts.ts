/**
 * Accounts: the people who use the API, their roles (`wearer`, `coach`, `admin`; a person may be several), the
 * first-run setup, sign-in and what a session token stands for (the `Principal`). A wearer account gets its own
 * wearer profile when it is created (or given the role). Sessions are in sessions.ts, failed-login counting in
 * login-rate-limit.ts, coach assignments in coach-assignments.ts, invitations in invitations.ts.
 */
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database.js';
import { StanceError, stanceError } from '../errors.js';
import { createCoachAssignments, type CoachAssignments } from './coach-assignments.js';
import { createInvitations, type Invitations } from './invitations.js';
import { createLoginRateLimit, DEFAULT_LOGIN_RATE_LIMIT_SETTINGS, type LoginRateLimitSettings } from './login-rate-limit.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.js';
import { assertPasswordAcceptable } from './password-policy.js';
import { createSessions, type SessionGrant } from './sessions.js';

export type Role = 'admin' | 'coach' | 'wearer';
/** Every role, in the order roles are listed. */
export const ROLES: readonly Role[] = Object.freeze(['admin', 'coach', 'wearer']);

/** Who is asking: what the authorization rules look at. */
export interface Principal {
  accountId: string;
  email: string;
  name: string;
  roles: Role[];
  /** The wearer profile of a wearer account. */
  wearerId: string | null;
  /** Wearer ids this account coaches (assignments; only counted while it has the coach role). */
  coachOf: string[];
}

export interface AccountRecord {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
}

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  roles: readonly Role[];
}

export interface AccountPatch {
  name?: string;
  roles?: readonly Role[];
  disabled?: boolean;
}

export interface SignedIn extends SessionGrant {
  user: Principal;
}

export interface AccountsSettings {
  /** How long a session token stays valid, hours (`SESSION_TTL_H`). */
  sessionTtlH: number;
  /** Failed-login limits per account and per client address. */
  loginRateLimit: LoginRateLimitSettings;
  /** How long an invitation link stays good, hours. */
  invitationTtlH: number;
}

export const DEFAULT_ACCOUNTS_SETTINGS: Readonly<AccountsSettings> = Object.freeze({
  sessionTtlH: 12,
  loginRateLimit: DEFAULT_LOGIN_RATE_LIMIT_SETTINGS,
  invitationTtlH: 7 * 24,
});

/** Where a wearer account's profile is created (the store's wearers). */
export interface WearerProfiles {
  createWearer(name: string, utcOffsetMin?: number, nowMs?: number): { id: string };
}

export interface Accounts {
  /** The bootstrap admin: creates the account if no account has this e-mail address; returns whether it did. */
  ensureAccount(email: string, password: string, name: string, roles: Role[], nowMs?: number): Promise<boolean>;
  /** True while no account exists (first run). */
  setupNeeded(): boolean;
  /** First-run setup: the first account, admin and coach, signed in. SETUP_DONE once any account exists. */
  setup(email: string, password: string, name: string, nowMs?: number): Promise<SignedIn>;
  /** Creates an account (PASSWORD_TOO_WEAK, ACCOUNT_EXISTS); a wearer account gets its wearer profile. */
  create(account: NewAccount, nowMs?: number): Promise<AccountRecord>;
  list(): AccountRecord[];
  get(id: string): AccountRecord | null;
  findByEmail(email: string): AccountRecord | null;
  /** Renames, changes roles, disables (which ends its sessions) or enables. ACCOUNT_NOT_FOUND, LAST_ADMIN. */
  update(id: string, patch: AccountPatch, nowMs?: number): AccountRecord;
  /** Checks the password (rate limited per account and per `address`); answers a new session. */
  login(email: string, password: string, address: string, nowMs?: number): Promise<SignedIn>;
  /** A new session for an account that proved who it is another way (setup, invitation). */
  signIn(accountId: string, nowMs?: number): SignedIn;
  /** The principal of a session token. Throws AUTH_REQUIRED when unknown, expired, revoked or disabled. */
  authenticate(token: string, nowMs?: number): Principal;
  /** Ends this session. */
  logout(token: string): void;
  /** Ends every session of the account. */
  logoutEverywhere(accountId: string): void;
  /** Checks the current password, sets the new one and ends every other session of the account. */
  changePassword(accountId: string, current: string, next: string, keepToken: string, address: string, nowMs?: number): Promise<void>;
  readonly coaches: CoachAssignments;
  readonly invitations: Invitations;
}

interface AccountRow {
  id: string; email: string; name: string; password_hash: string; roles: string; wearer_id: string | null; created_ms: number; disabled: number;
}

export function createAccounts(db: SqliteDatabase, settings: AccountsSettings, wearers: WearerProfiles): Accounts {
  const byEmail = db.prepare<[string], AccountRow>('SELECT * FROM account WHERE email = ?');
  const byId = db.prepare<[string], AccountRow>('SELECT * FROM account WHERE id = ?');
  const all = db.prepare<[], AccountRow>('SELECT * FROM account ORDER BY created_ms, email');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM account');
  const enabledAdmins = db.prepare<[], AccountRow>("SELECT * FROM account WHERE disabled = 0 AND roles LIKE '%\"admin\"%'");
  const insert = db.prepare(
    'INSERT INTO account (id, email, name, password_hash, roles, wearer_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const setFields = db.prepare('UPDATE account SET name = ?, roles = ?, wearer_id = ?, disabled = ? WHERE id = ?');
  const setPassword = db.prepare('UPDATE account SET password_hash = ? WHERE id = ?');
  const sessions = createSessions(db, settings.sessionTtlH);
  const limiter = createLoginRateLimit(db, settings.loginRateLimit);
  const coaches = createCoachAssignments(db);

  const toPrincipal = (row: AccountRow): Principal => ({
    accountId: row.id, email: row.email, name: row.name, roles: parseRoles(row.roles), wearerId: row.wearer_id,
    coachOf: coaches.wearersOf(row.id),
  });

  // Checked again inside the transaction (the hashing before it yields), so two racing creations make one account.
  const insertAccount = db.transaction((email: string, name: string, hash: string, roles: Role[], nowMs: number, onlyIfNone: boolean): AccountRow => {
    if (onlyIfNone && count.get()!.n > 0) throw stanceError('SETUP_DONE');
    if (byEmail.get(email) !== undefined) throw stanceError('ACCOUNT_EXISTS', { email });
    const wearerId = roles.includes('wearer') ? wearers.createWearer(name, 0, nowMs).id : null;
    const id = randomUUID();
    insert.run(id, email, name, hash, JSON.stringify(roles), wearerId, nowMs);
    return byId.get(id)!;
  });

  const createRow = async (account: NewAccount, nowMs: number, onlyIfNone = false): Promise<AccountRow> => {
    const email = normaliseEmail(account.email);
    const roles = normaliseRoles(account.roles);
    assertPasswordAcceptable(account.password);
    if (onlyIfNone && count.get()!.n > 0) throw stanceError('SETUP_DONE');
    if (byEmail.get(email) !== undefined) throw stanceError('ACCOUNT_EXISTS', { email });
    const hash = await hashPassword(account.password);
    return insertAccount(email, account.name.trim(), hash, roles, nowMs, onlyIfNone);
  };

  const signIn = (row: AccountRow, nowMs: number): SignedIn => ({ ...sessions.issue(row.id, nowMs), user: toPrincipal(row) });

  const update = db.transaction((id: string, patch: AccountPatch, nowMs: number): AccountRow => {
    const row = byId.get(id);
    if (row === undefined) throw stanceError('ACCOUNT_NOT_FOUND', { id });
    const name = patch.name?.trim() ?? row.name;
    const roles = patch.roles === undefined ? parseRoles(row.roles) : normaliseRoles(patch.roles);
    const disabled = patch.disabled ?? row.disabled === 1;
    const wearerId = row.wearer_id ?? (roles.includes('wearer') ? wearers.createWearer(name, 0, nowMs).id : null);
    setFields.run(name, JSON.stringify(roles), wearerId, disabled ? 1 : 0, id);
    if (enabledAdmins.all().length === 0) throw stanceError('LAST_ADMIN');
    if (disabled) sessions.revokeAll(id);
    return byId.get(id)!;
  });

  const accounts: Omit<Accounts, 'invitations'> = {
    async ensureAccount(email, password, name, roles, nowMs = Date.now()) {
      if (byEmail.get(email) !== undefined) return false;
      const hash = await hashPassword(password);
      try {
        insertAccount(normaliseEmail(email), name, hash, normaliseRoles(roles), nowMs, false);
        return true;
      } catch (error) {
        if (error instanceof StanceError && error.code === 'ACCOUNT_EXISTS') return false;
        throw error;
      }
    },
    setupNeeded: () => count.get()!.n === 0,
    async setup(email, password, name, nowMs = Date.now()) {
      return signIn(await createRow({ email, password, name, roles: ['admin', 'coach'] }, nowMs, true), nowMs);
    },
    create: async (account, nowMs = Date.now()) => toRecord(await createRow(account, nowMs)),
    list: () => all.all().map(toRecord),
    get: (id) => mapRow(byId.get(id), toRecord),
    findByEmail: (email) => mapRow(byEmail.get(normaliseEmail(email)), toRecord),
    update: (id, patch, nowMs = Date.now()) => toRecord(update(id, patch, nowMs)),
    async login(email, password, address, nowMs = Date.now()) {
      limiter.assertAllowed(email, address, nowMs);
      // Counted before the (slow) check, so parallel guesses cannot all slip under the limit; refunded on success.
      limiter.charge(email, address, nowMs);
      const row = byEmail.get(normaliseEmail(email));
      const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (row === undefined || !ok) throw stanceError('AUTH_FAILED');
      limiter.refund(email, address, nowMs);
      if (row.disabled === 1) throw stanceError('ACCOUNT_DISABLED');
      return signIn(row, nowMs);
    },
    signIn(accountId, nowMs = Date.now()) {
      const row = byId.get(accountId);
      if (row === undefined) throw stanceError('ACCOUNT_NOT_FOUND', { id: accountId });
      return signIn(row, nowMs);
    },
    authenticate(token, nowMs = Date.now()) {
      const accountId = sessions.accountOf(token, nowMs);
      const row = accountId === null ? undefined : byId.get(accountId);
      if (row === undefined || row.disabled === 1) {
        throw stanceError('AUTH_REQUIRED', { reason: 'unknown, expired or revoked session token; sign in again' });
      }
      return toPrincipal(row);
    },
    logout: (token) => void sessions.revoke(token),
    logoutEverywhere: (accountId) => void sessions.revokeAll(accountId),
    async changePassword(accountId, current, next, keepToken, address, nowMs = Date.now()) {
      const row = byId.get(accountId);
      if (row === undefined) throw stanceError('ACCOUNT_NOT_FOUND', { id: accountId });
      assertPasswordAcceptable(next);
      limiter.assertAllowed(row.email, address, nowMs);
      limiter.charge(row.email, address, nowMs);
      if (!(await verifyPassword(current, row.password_hash))) throw stanceError('PASSWORD_INCORRECT');
      limiter.refund(row.email, address, nowMs);
      setPassword.run(await hashPassword(next), accountId);
      sessions.revokeAll(accountId, keepToken);
    },
    coaches,
  };
  return { ...accounts, invitations: createInvitations(db, accounts, settings.invitationTtlH) };
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id, email: row.email, name: row.name, roles: parseRoles(row.roles), wearerId: row.wearer_id,
    createdMs: row.created_ms, disabled: row.disabled === 1,
  };
}

function mapRow<T>(row: AccountRow | undefined, map: (row: AccountRow) => T): T | null {
  return row === undefined ? null : map(row);
}

function parseRoles(json: string): Role[] {
  return normaliseRoles(JSON.parse(json) as Role[]);
}

/** Known roles, each once, in `ROLES` order; at least one. */
function normaliseRoles(roles: readonly Role[]): Role[] {
  const known = ROLES.filter((role) => roles.includes(role));
  if (known.length === 0) throw stanceError('REQUEST_INVALID', { reason: `roles: give at least one of ${ROLES.join(', ')}` });
  return known;
}

/** Trimmed; REQUEST_INVALID unless it looks like an e-mail address. */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) throw stanceError('REQUEST_INVALID', { reason: `email: ${trimmed} is not an e-mail address` });
  return trimmed;
}
