import { createLogger, type LogFields } from '../../app/src/logger';

/** Lines the logger writes, after its end-of-turn flush. */
async function linesLoggedBy(write: () => void): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    write();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    spy.mockRestore();
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
});
