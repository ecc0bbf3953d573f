import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The directory of Sentinel's own package.json: the checkout, or `node_modules/<package>` where a
 * team installed it. Sources and compiled files sit at different depths below it, so a fixed
 * `../..` from a module would be right for only one of them.
 */
export function packageDirectory(from: string = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`No package.json above ${from}: Sentinel's files are not where its package put them`);
}
