import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sourceHash } from '../../../constructs/engine/source-hash';
import { useTempDir } from '../../support/temp-dir';

const root = useTempDir('source-hash');

let contexts = 0;
/** A fresh build context holding `files`, by path relative to it. */
function context(files: Record<string, string | Buffer>): string {
  const dir = join(root(), `context-${contexts++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const SOURCES = { 'package.json': '{"name":"app"}', 'src/server.ts': 'listen(3000);' };

describe('sourceHash', () => {
  it('is the same for two contexts with the same files', () => {
    expect(sourceHash(context(SOURCES))).toBe(sourceHash(context(SOURCES)));
    expect(sourceHash(context(SOURCES))).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an edited file', { ...SOURCES, 'src/server.ts': 'listen(3001);' }],
    ['a file in a subdirectory renamed', { 'package.json': SOURCES['package.json'], 'src/main.ts': SOURCES['src/server.ts'] }],
    ['an added file', { ...SOURCES, 'src/routes.ts': '' }],
    ['a removed file', { 'package.json': SOURCES['package.json'] }],
  ])('changes with %s', (_change, files) => {
    expect(sourceHash(context(files))).not.toBe(sourceHash(context(SOURCES)));
  });

  it.each(['node_modules', 'dist', 'coverage'])('ignores what is under %s, at the top or deeper', (ignored) => {
    const withIgnored = context({ ...SOURCES, [`${ignored}/a.js`]: 'x', [`src/${ignored}/b.js`]: 'y' });
    expect(sourceHash(withIgnored)).toBe(sourceHash(context(SOURCES)));
  });

  it("tells a file's name from its content", () => {
    expect(sourceHash(context({ ab: 'c' }))).not.toBe(sourceHash(context({ a: 'bc' })));
  });

  it("tells one file's content from the next file", () => {
    const twoFiles = context({ a: 'x', b: 'y' });
    const oneFileHoldingBoth = context({ a: Buffer.from('xb\0y') });
    expect(sourceHash(twoFiles)).not.toBe(sourceHash(oneFileHoldingBoth));
  });
});
