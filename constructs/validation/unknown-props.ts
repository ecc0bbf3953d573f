import { closestName } from './closest-name';
import { PROPS_SCHEMA, type PropsRoot, resolveRef, type SchemaNode } from './props-schema';

/** Props with a key no props type declares: a typo TypeScript would have caught, in JavaScript or an unchecked transpile. */
export class UnknownPropError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UnknownPropError';
  }
}

/** Values the walk does not enter: constructs, images, builders, callbacks; their own types check them. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The schema's alternatives at a node, `$ref`s followed and unions flattened. */
function alternatives(node: SchemaNode): SchemaNode[] {
  const resolved = resolveRef(node);
  if (resolved.anyOf) return resolved.anyOf.flatMap(alternatives);
  return [resolved];
}

/** The object alternatives a value can be: of a union tagged by a constant (`kind: 'slack'`), only those its tag names. */
function objectAlternatives(node: SchemaNode, value: Record<string, unknown>): SchemaNode[] {
  const objects = alternatives(node).filter((alternative) => alternative.properties !== undefined && alternative.$comment === undefined);
  const tagged = objects.filter((alternative) =>
    Object.entries(alternative.properties!).every(([key, property]) => property.const === undefined || value[key] === undefined || value[key] === property.const),
  );
  return tagged.length > 0 ? tagged : objects;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function unknownKeys(node: SchemaNode, value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    const items = alternatives(node).flatMap((alternative) => (alternative.items !== undefined && !Array.isArray(alternative.items) ? [alternative.items as SchemaNode] : []));
    return items.length === 0 ? [] : value.flatMap((item, i) => unknownKeys({ anyOf: items }, item, `${path}[${i}]`));
  }
  if (!isPlainObject(value)) return [];
  const objects = objectAlternatives(node, value);
  // A record (`env`) or a value of another type: its keys are not the schema's to judge.
  if (objects.length === 0 || objects.some((object) => object.additionalProperties !== false)) return [];
  const known = [...new Set(objects.flatMap((object) => Object.keys(object.properties!)))];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (!known.includes(key)) return [unknownKeyMessage(join(path, key), key, known, objects.length === 1 ? objects[0]!.description : undefined)];
    const properties = objects.flatMap((object) => (object.properties![key] ? [object.properties![key]!] : []));
    return unknownKeys({ anyOf: properties }, inner, join(path, key));
  });
}

/** With no close key, the known ones, and what the type's doc says (a Slack receiver's URL is a variable, not a prop). */
function unknownKeyMessage(path: string, key: string, known: readonly string[], description: string | undefined): string {
  const closest = closestName(key, known);
  if (closest !== undefined) return `${path} is not a prop; did you mean ${closest}?`;
  return `${path} is not a prop; the props there are ${known.join(', ')}${description === undefined ? '' : ` (${description})`}`;
}

/**
 * Every key of the props that their type does not declare, at any depth, each named by its
 * path under `path` with the nearest declared key; raised at once, all together.
 */
export function requireKnownProps(root: PropsRoot, props: unknown, path = ''): void {
  const problems = unknownKeys(PROPS_SCHEMA.definitions[root]!, props, path);
  if (problems.length > 0) throw new UnknownPropError(problems);
}
