import schema from './props.schema.json';

/** The props types whose keys are checked at run time; props.schema.json holds their schema. */
export const PROPS_ROOTS = ['SentinelStackProps', 'MonitoredServiceProps'] as const;
export type PropsRoot = (typeof PROPS_ROOTS)[number];

/** The part of JSON schema (draft 7) the props schema is written in. */
export interface SchemaNode {
  readonly $ref?: string;
  /** Set on a callback's schema: its signature. */
  readonly $comment?: string;
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly description?: string;
  readonly default?: unknown;
}

export interface PropsSchema {
  readonly $schema: string;
  readonly definitions: Readonly<Record<string, SchemaNode>>;
}

/**
 * Generated from the TypeScript declarations by `npm run props:generate`; a test keeps it current.
 * The JSON's inferred type lists each definition's own keys, which SchemaNode's optional ones do not overlap.
 */
export const PROPS_SCHEMA = schema as unknown as PropsSchema;

/** The definition a `$ref` names (`#/definitions/Builder%3CPanel%3E`). */
export function resolveRef(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const name = decodeURIComponent(node.$ref.replace(/^#\/definitions\//, ''));
  const target = PROPS_SCHEMA.definitions[name];
  if (target === undefined) throw new Error(`The props schema has no definition ${name}: run npm run props:generate`);
  return resolveRef(target);
}
