/** The project's own TypeScript modules a module reaches through static imports. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveModule(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  // A JSON module (the props schema) is data: a leaf of the graph.
  const candidate = [`${base}.ts`, join(base, 'index.ts'), ...(base.endsWith('.json') ? [base] : [])].find(existsSync);
  if (candidate === undefined) throw new Error(`cannot resolve ${specifier} from ${from}`);
  return candidate;
}

/** Every module reachable from `entry` through relative imports, `entry` included, as absolute paths. */
export function reachableModules(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.json')) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      pending.push(resolveModule(file, specifier));
    }
  }
  return [...seen].sort();
}
