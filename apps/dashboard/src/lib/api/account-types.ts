/** Accounts, sessions, invitations and coach assignments as the API answers them. */
import type { Role, User } from '../session.svelte.js';

export type { Role, User };

/** `POST /api/setup`, `POST /api/auth/login`, `POST /api/invitations/accept`. */
export interface SessionAnswer {
  token: string;
  expiresMs: number;
  user: User;
}

export interface SetupState {
  needed: boolean;
}

export interface Me {
  user: User;
  /** Wearer ids assigned to this account as a coach. */
  coachOf: string[];
}

export interface Account {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
}

export interface AccountList {
  accounts: Account[];
}

export interface AccountCreated {
  id: string;
  wearerId?: string | null;
}

export interface CoachRef {
  id: string;
  name: string;
  email: string;
}

export interface CoachList {
  coaches: CoachRef[];
}

export interface Invitation {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdMs: number;
  expiresMs: number;
  acceptedMs: number | null;
}

export interface InvitationList {
  invitations: Invitation[];
}

/** The token is in this answer only: the link is `/#/invite?token=TOKEN`. */
export interface InvitationCreated {
  id: string;
  token: string;
  expiresMs: number;
}

export interface InvitationLookup {
  email: string;
  name: string;
  roles: Role[];
  expiresMs: number;
}
