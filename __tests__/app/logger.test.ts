import { createLogger, type LogFields } from '../../app/src/logger';

/** Catches what is written to stdout until `restore` is called. */
function captureStdout(): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { written, restore: () => spy.mockRestore() };
}

/** Lines the logger writes, after its end-of-turn flush. */
async function linesLoggedBy(write: () => void): Promise<Record<string, unknown>[]> {
  const { written, restore } = captureStdout();
  try {
    write();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    restore();
  }
  const text = written.join('');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createLogger', () => {
  it('writes one JSON object per line: time, level, msg, then the fields', async () => {
    const lines = await linesLoggedBy(() => {
      createLogger('info').info('request completed', { requestId: 'r1', status: 200, durationMs: 1.25 });
      createLogger('info').warn('no fields');
      createLogger('info').error('empty fields', {});
    });
    expect(lines.map((line) => Object.keys(line))).toEqual([
      ['time', 'level', 'msg', 'requestId', 'status', 'durationMs'],
      ['time', 'level', 'msg'],
      ['time', 'level', 'msg'],
    ]);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request completed', requestId: 'r1', status: 200, durationMs: 1.25 });
    expect(lines.map((line) => line.level)).toEqual(['info', 'warn', 'error']);
    expect(new Date(String(lines[0].time)).toISOString()).toBe(lines[0].time);
  });

  it('escapes messages and field values that are not plain text', async () => {
    const fields: LogFields = { err: 'quote " backslash \\ newline \n end', nested: { ok: true } };
    const [line] = await linesLoggedBy(() => createLogger('debug').debug('msg with "quotes"\nand a newline', fields));
    expect(line).toMatchObject({ msg: 'msg with "quotes"\nand a newline', ...fields });
  });

  it('drops entries below its level', async () => {
    const lines = await linesLoggedBy(() => {
      const logger = createLogger('warn');
      logger.debug('no');
      logger.info('no');
      logger.warn('yes');
      logger.error('yes');
    });
    expect(lines.map((line) => line.msg)).toEqual(['yes', 'yes']);
  });

  it('tells which levels it writes', () => {
    const logger = createLogger('warn');
    expect((['debug', 'info', 'warn', 'error'] as const).map((level) => logger.enabled(level))).toEqual([false, false, true, true]);
  });

  it('schedules one write per event-loop turn, however many lines the turn logs', async () => {
    const scheduled = jest.spyOn(global, 'setImmediate');
    try {
      const lines = await linesLoggedBy(() => {
        const logger = createLogger('info');
        for (let i = 0; i < 3; i++) logger.info(`line ${i}`);
      });
      expect(lines).toHaveLength(3);
      // One by the logger, one by linesLoggedBy to wait for it.
      expect(scheduled).toHaveBeenCalledTimes(2);
    } finally {
      scheduled.mockRestore();
    }
  });

  it('writes the lines still waiting when the process exits, without waiting for the turn to end', () => {
    const before = new Set(process.listeners('exit'));
    let isolated!: typeof import('../../app/src/logger');
    jest.isolateModules(() => {
      isolated = jest.requireActual<typeof import('../../app/src/logger')>('../../app/src/logger');
    });
    const added = process.listeners('exit').filter((listener) => !before.has(listener));
    expect(added).toHaveLength(1);
    const [onExit] = added;
    process.removeListener('exit', onExit);
    const { written, restore } = captureStdout();
    try {
      isolated.createLogger('info').error('last words');
      expect(written).toEqual([]);
      onExit(0);
      expect(written.join('')).toMatch(/"msg":"last words"\}\n$/);
    } finally {
      restore();
    }
  });
});
