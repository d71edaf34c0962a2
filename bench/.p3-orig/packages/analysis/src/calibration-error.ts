/**
 * The one catalogue of reasons a calibration can be refused. Each code carries a message template, so callers
 * (the CLI, the service's calibration route) can show a sentence a person understands and still branch on `code`.
 */
export const CALIBRATION_ERRORS = Object.freeze({
  window_empty: 'the %s window holds too few samples (%s, need %s)',
  window_out_of_range: 'the %s window [%s, %s) lies outside the %s samples given',
  window_moving: 'the wearer was not holding still during the neutral window (%s)',
  bend_too_shallow: 'the forward bend is too shallow: %s° deep, need at least %s°',
  bend_not_planar: 'the bend was not a clean forward bend: sideways/forward ratio %s, at most %s allowed',
  invalid_vector: 'an up vector in the %s window is not a finite non-zero vector (sample %s)',
} as const);

export type CalibrationErrorCode = keyof typeof CALIBRATION_ERRORS;

/** A calibration window that cannot be used; `code` says why, `detail` holds the figures behind it. */
export class CalibrationError extends Error {
  readonly code: CalibrationErrorCode;
  readonly detail: Readonly<Record<string, number | string>>;

  constructor(code: CalibrationErrorCode, args: readonly (string | number)[], detail: Record<string, number | string> = {}) {
    let i = 0;
    super(CALIBRATION_ERRORS[code].replace(/%s/g, () => String(args[i++] ?? '?')));
    this.name = 'CalibrationError';
    this.code = code;
    this.detail = Object.freeze({ ...detail });
  }
}
