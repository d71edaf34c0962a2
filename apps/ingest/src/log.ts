/**
 * The logger the service's parts take: the subset of pino (Fastify's logger) they use, so main passes
 * `app.log` and tests pass a silent or recording logger without a dependency on pino itself.
 */
export interface LogFn {
  (fields: Record<string, unknown>, message: string): void;
}

export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

const nothing: LogFn = () => {};

/** A logger that drops everything. */
export const SILENT_LOGGER: Logger = Object.freeze({ error: nothing, warn: nothing, info: nothing, debug: nothing });

export interface LogRecord {
  level: keyof Logger;
  fields: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every record in `records` (tests assert on what was logged). */
export function createRecordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: keyof Logger): LogFn =>
    (fields, message) => {
      records.push({ level, fields, message });
    };
  return { records, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
