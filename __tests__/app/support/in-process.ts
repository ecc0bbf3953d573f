import { AddressInfo } from 'node:net';
import { LogFields, Logger, LogLevel, LOG_LEVELS } from '../../../app/src/logger';
import { AppServer } from '../../../app/src/server';

export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields?: LogFields;
}

/** A Logger that keeps its entries (from `minLevel` up) in `entries` instead of writing them. */
export function recordingLogger(minLevel: LogLevel = 'debug'): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const enabled = (level: LogLevel): boolean => LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minLevel);
  const at =
    (level: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (enabled(level)) entries.push({ level, msg, ...(fields && { fields }) });
    };
  return { entries, enabled, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Listens on a free port of 127.0.0.1; resolves the port. */
export function listen(app: AppServer): Promise<number> {
  return new Promise((resolve) => app.http.listen(0, '127.0.0.1', () => resolve((app.http.address() as AddressInfo).port)));
}
