import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { synthesize } from '../../../constructs/stack/synthesize';
import { makeTempDir, removeTempDir } from '../../support/app-processes';
import { testAppOutdir } from '../../support/test-app';

/** What synthesize wrote to stderr and the exit status it set, the process's own restored. */
function synthesizeCapturing(declare: Parameters<typeof synthesize>[0]): { stderr: string; exitCode: typeof process.exitCode } {
  const written: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
  const exitCode = process.exitCode;
  try {
    synthesize(declare, { outdir: testAppOutdir() });
    return { stderr: written.join(''), exitCode: process.exitCode };
  } finally {
    process.exitCode = exitCode;
    write.mockRestore();
  }
}

describe('synthesize', () => {
  it('prints a prop a constructor refuses as its message alone, and sets exit status 1', () => {
    const result = synthesizeCapturing((app) => new SentinelStack(app, 'sentinel', { gateway: { hostPort: 70000 } }));
    expect(result).toEqual({ stderr: 'Invalid gateway.hostPort: got 70000, expected an integer TCP port from 1 to 65535\n', exitCode: 1 });
  });

  it('prints every unknown key, one a line', () => {
    const props = { gateway: { hostport: 8080 }, app: { alerts: { errorRate: 0.1 } } } as SentinelStackProps;
    expect(synthesizeCapturing((app) => new SentinelStack(app, 'sentinel', props)).stderr).toBe(
      'gateway.hostport is not a prop; did you mean hostPort?\napp.alerts.errorRate is not a prop; did you mean errorRatio?\n',
    );
  });

  it("prints each problem the stacks' validations find under its construct's path, without cdktf's advice", () => {
    const result = synthesizeCapturing((app) => new SentinelStack(app, 'sentinel', { gateway: { hostPort: 9090 } }));
    expect(result).toEqual({
      stderr: '[sentinel] Invalid hostPort: got "9090", expected a value not already used by gateway.hostPort (prometheus.hostPort uses it too)\n',
      exitCode: 1,
    });
  });

  it('lets any other error through with its stack trace: that is a fault of the code, not of a prop', () => {
    expect(() =>
      synthesize(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });

  it('synthesizes stacks whose props are valid, exit status untouched', () => {
    const outdir = makeTempDir('sentinel-synthesize');
    try {
      synthesize((app) => new SentinelStack(app, 'sentinel', {}), { outdir });
      expect(readFileSync(join(outdir, 'stacks', 'sentinel', 'cdk.tf.json'), 'utf8')).toContain('"docker_container"');
      expect(process.exitCode).toBeUndefined();
    } finally {
      removeTempDir(outdir);
    }
  });
});
