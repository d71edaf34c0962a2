/**
 * The one catalogue of error codes used by the ingest service: configuration, MQTT (CONNACK refusals,
 * ACL), the intake journal and HTTP. Every code has a message template with `{name}` placeholders and the
 * HTTP status it maps to when it reaches a client over HTTP. The README repeats this table; a test keeps
 * the two in step.
 */

export interface ErrorDefinition {
  /** Message template; `{name}` is replaced by `params.name`. */
  message: string;
  /** HTTP status when this error answers an HTTP request. */
  status: number;
}

export const ERROR_CATALOGUE = Object.freeze({
  CONFIG_INVALID: { message: 'invalid value for {variable}: {reason}', status: 500 },
  CONFIG_UNSUPPORTED: { message: '{variable}: {reason}', status: 500 },
  DEVICE_ID_INVALID: { message: 'device id {id} is not [A-Za-z0-9_-]{1,64}', status: 400 },
  DEVICE_EXISTS: { message: 'device {id} already exists', status: 409 },
  DEVICE_NOT_FOUND: { message: 'device {id} does not exist', status: 404 },
  MQTT_BAD_CREDENTIALS: { message: 'MQTT login refused for {username}: {reason}', status: 401 },
  MQTT_SERVER_BUSY: { message: 'MQTT connection refused: {reason}', status: 503 },
  MQTT_PUBLISH_DENIED: { message: 'client {clientId} ({deviceId}) may not publish on {topic}', status: 403 },
  MQTT_SUBSCRIBE_DENIED: { message: 'client {clientId} ({deviceId}) may not subscribe to {topic}', status: 403 },
  MQTT_PACKET_TOO_LARGE: { message: 'MQTT packet of {bytes} bytes is over the limit of {limit} bytes', status: 413 },
  WEARER_NOT_FOUND: { message: 'wearer {id} does not exist', status: 404 },
  WEARER_HAS_NO_DEVICE: { message: 'wearer {id} has no device that has sent data', status: 409 },
  CALIBRATION_WINDOW_INVALID: { message: 'calibration window {window} is not usable: {reason}', status: 400 },
  CALIBRATION_FAILED: { message: 'calibration failed: {reason}', status: 422 },
  PAIRING_CODE_INVALID: { message: 'this pairing code is not valid (unknown, used or expired); ask for a new one', status: 400 },
  PAIRING_RATE_LIMITED: { message: 'too many wrong pairing codes; try again in {retryAfterS} s', status: 429 },
  EXERCISE_NOT_FOUND: { message: 'exercise {id} is not in the catalogue', status: 404 },
  EXERCISE_LOG_ENTRY_NOT_FOUND: { message: 'exercise log entry {id} does not exist', status: 404 },
  NOTE_NOT_FOUND: { message: 'note {id} does not exist', status: 404 },
  AUTH_REQUIRED: { message: 'authentication required: {reason}', status: 401 },
  AUTH_FAILED: { message: 'wrong e-mail address or password', status: 401 },
  FORBIDDEN: { message: 'not allowed: {reason}', status: 403 },
  SETUP_DONE: { message: 'setup is done: an account exists already; sign in instead', status: 409 },
  LOGIN_RATE_LIMITED: { message: 'too many failed sign-ins; try again in {retryAfterS} s', status: 429 },
  ACCOUNT_EXISTS: { message: 'an account with e-mail address {email} exists already', status: 409 },
  ACCOUNT_NOT_FOUND: { message: 'account {id} does not exist', status: 404 },
  ACCOUNT_DISABLED: { message: 'this account is disabled; ask an administrator', status: 403 },
  ACCOUNT_NOT_COACH: { message: 'account {id} does not have the coach role', status: 409 },
  LAST_ADMIN: { message: 'the last enabled administrator cannot be disabled or lose the admin role', status: 409 },
  PASSWORD_TOO_WEAK: { message: 'password too weak: {reason}', status: 400 },
  PASSWORD_INCORRECT: { message: 'the current password is not right', status: 400 },
  COACH_NOT_ASSIGNED: { message: 'account {accountId} is not a coach of wearer {wearerId}', status: 404 },
  INVITATION_NOT_FOUND: { message: 'invitation {id} does not exist', status: 404 },
  INVITATION_INVALID: { message: 'this invitation link is not valid (unknown, revoked or used already)', status: 404 },
  INVITATION_EXPIRED: { message: 'this invitation link has expired; ask for a new one', status: 410 },
  LIVE_STREAM_LIMIT: { message: 'too many live streams: {reason}', status: 429 },
  JOURNAL_WRITE_FAILED: { message: 'intake journal write failed: {reason}', status: 503 },
  SHUTTING_DOWN: { message: 'the service is shutting down', status: 503 },
  STORE_UNAVAILABLE: { message: 'store unavailable: {reason}', status: 503 },
  ROUTE_NOT_FOUND: { message: 'no route {method} {url}', status: 404 },
  REQUEST_INVALID: { message: 'invalid request: {reason}', status: 400 },
  INTERNAL: { message: 'internal error', status: 500 },
} satisfies Record<string, ErrorDefinition>);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(Object.keys(ERROR_CATALOGUE) as ErrorCode[]);

export type ErrorParams = Readonly<Record<string, string | number>>;

/** An error from the catalogue: carries its code, HTTP status and the values that filled the message. */
export class StanceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(formatMessage(ERROR_CATALOGUE[code].message, params), options);
    this.name = 'StanceError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.params = params;
  }
}

/** Builds the catalogued error `code` with its message filled in from `params`. */
export function stanceError(code: ErrorCode, params: ErrorParams = {}, cause?: unknown): StanceError {
  return new StanceError(code, params, cause === undefined ? undefined : { cause });
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than becoming "undefined". */
export function formatMessage(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The JSON body of every HTTP error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(error: StanceError): ErrorBody {
  return { error: { code: error.code, message: error.message } };
}
