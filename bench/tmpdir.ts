import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Points TMPDIR at a new `tmp` folder inside `dir`, so the temp dirs LiveStack and the synth make
 * go with `dir` whatever happens; returns that folder and what puts TMPDIR back as it was.
 */
export function redirectTmpdir(dir: string): { readonly tmp: string; readonly restore: () => void } {
  const systemTmp = process.env.TMPDIR;
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  process.env.TMPDIR = tmp;
  const restore = () => {
    if (systemTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = systemTmp;
  };
  return { tmp, restore };
}
