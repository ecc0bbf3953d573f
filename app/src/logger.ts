const SEVERITY = { debug: 10, info: 20, warn: 30, error: 40 } as const;

export type LogLevel = keyof typeof SEVERITY;
export const LOG_LEVELS = Object.keys(SEVERITY) as LogLevel[];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Writes one JSON object per line to stdout, dropping entries below `minLevel`. */
export function createLogger(minLevel: LogLevel): Logger {
  const threshold = SEVERITY[minLevel];
  const log = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (SEVERITY[level] < threshold) return;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}

/** The message of anything thrown, for a log field. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
