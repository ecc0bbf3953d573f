import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Build inputs that never change the image: dependencies, output, tests. */
const IGNORED = new Set(['node_modules', 'dist', 'coverage']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !IGNORED.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** SHA-256 over every file's path and content under a build context, so an edit triggers a rebuild. */
export function sourceHash(contextDir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(contextDir)) {
    hash.update(relative(contextDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}
