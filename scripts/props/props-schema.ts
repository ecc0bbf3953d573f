import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { createGenerator, type Definition } from 'ts-json-schema-generator';
import { PROPS_ROOTS } from '../../constructs/validation/props-schema';

const REPO_ROOT = join(__dirname, '..', '..');

/** Where each root type is declared. */
const ROOT_FILES = {
  SentinelStackProps: 'constructs/stack/sentinel-stack.ts',
  MonitoredServiceProps: 'constructs/components/monitored-service.ts',
} as const satisfies Record<(typeof PROPS_ROOTS)[number], string>;

/**
 * The JSON schema, as committed, of the public props types, read from their TypeScript declarations and doc
 * comments: every root and every type it reaches, one definition each.
 */
export function propsSchemaText(): string {
  const generator = createGenerator({
    path: join(REPO_ROOT, `{${Object.values(ROOT_FILES).join(',')}}`),
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    // `npx tsc` checks the same sources; checking them again here would double the time.
    skipTypeCheck: true,
    // A callback keeps a `$comment` with its signature: the run-time walk leaves such a value alone.
    functions: 'comment',
  });
  const definitions = new Map<string, Definition | boolean>();
  for (const root of PROPS_ROOTS) {
    for (const [name, definition] of Object.entries(generator.createSchema(root).definitions ?? {})) {
      if (definitions.has(name) && !isDeepStrictEqual(definitions.get(name), definition)) throw new Error(`Two definitions of ${name} differ`);
      definitions.set(name, definition);
    }
  }
  // A callback's arguments are the framework's classes, whose members change between its versions
  // (CDKTF, CDK Terrain); its signature is all the walk and the reference need.
  for (const [name, definition] of definitions) {
    if (typeof definition === 'object' && definition.$comment !== undefined) definitions.set(name, { $comment: definition.$comment });
  }
  const reachable = reachableDefinitions(definitions, PROPS_ROOTS);
  // Sorted by name, so a regeneration changes only what changed.
  const sorted = Object.fromEntries([...definitions].filter(([name]) => reachable.has(name)).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', definitions: sorted }, null, 2)}\n`;
}

/** The names of the definitions `roots` reach through `$ref`s. */
function reachableDefinitions(definitions: ReadonlyMap<string, Definition | boolean>, roots: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    const text = JSON.stringify(definitions.get(name) ?? {});
    for (const [, referenced] of text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) pending.push(decodeURIComponent(referenced));
  }
  return reached;
}
