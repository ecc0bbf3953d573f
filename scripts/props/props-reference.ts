import { PROPS_ROOTS, type PropsRoot, type PropsSchema, type SchemaNode } from '../../constructs/validation/props-schema';
import { exportedDefaults } from './props-defaults';
import { headingAnchor } from '../../config/heading-anchor';

/** One prop as the reference lists it. */
export interface PropRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** The doc comment's @default, else the value the construct exports; undefined where neither says. */
  readonly default: unknown;
  readonly description: string;
}

const ROOT_TITLES: Record<PropsRoot, string> = {
  SentinelStackProps: 'SentinelStackProps: `new SentinelStack(app, id, props)`',
  MonitoredServiceProps: 'MonitoredServiceProps: `new MonitoredService(stack, name, props)`',
};

function refName(node: SchemaNode): string | undefined {
  return node.$ref === undefined ? undefined : decodeURIComponent(node.$ref.replace(/^#\/definitions\//, ''));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Reads one schema: the types it names, each rendered once, in the order the props reach them. */
class Reference {
  /** Definitions that get a section of their own, in the order first named. */
  readonly sections: string[] = [];

  constructor(private readonly schema: PropsSchema) {}

  definition(name: string): SchemaNode {
    const found = this.schema.definitions[name];
    if (found === undefined) throw new Error(`The props schema has no definition ${name}`);
    return found.$ref === undefined ? found : this.definition(refName(found)!);
  }

  private resolve(node: SchemaNode): SchemaNode {
    const name = refName(node);
    return name === undefined ? node : this.definition(name);
  }

  /**
   * An object whose props are listed under its parent's path: one shape, not a union, not a record, not a builder.
   * A shape or a constant (`app`: options or `false`) lists the shape's props.
   */
  private nested(node: SchemaNode): SchemaNode | undefined {
    const shapes = node.anyOf?.filter((alternative) => alternative.const === undefined);
    if (shapes !== undefined) return shapes.length === 1 ? this.nested(shapes[0]!) : undefined;
    const resolved = this.resolve(node);
    const plain = resolved.properties !== undefined && resolved.additionalProperties === false && resolved.$comment === undefined;
    return plain && !this.builtByCode(resolved) ? resolved : undefined;
  }

  /** An object of callbacks only, such as Grafana's builders: made by code, never written out. */
  private builtByCode(node: SchemaNode): boolean {
    const properties = Object.values(node.properties ?? {});
    return properties.length > 0 && properties.every((property) => property.$comment !== undefined);
  }

  private link(name: string): string {
    if (!this.sections.includes(name)) this.sections.push(name);
    return `[${name}](#${headingAnchor(name)})`;
  }

  typeName(node: SchemaNode): string {
    if (node.$comment !== undefined) return 'function';
    const name = refName(node);
    if (name !== undefined) {
      const target = this.definition(name);
      // A callback's argument types (a whole TerraformStack) are no props to document.
      if (target.$comment !== undefined) return `function: \`${target.$comment.replace(/\|/g, '\\|')}\``;
      if (this.builtByCode(target)) return `\`${name}\``;
      if (target.enum !== undefined && target.description === undefined) return this.typeName(target);
      return this.link(name);
    }
    if (node.anyOf !== undefined) return node.anyOf.map((alternative) => this.typeName(alternative)).join(' \\| ');
    if (node.const !== undefined) return `\`${JSON.stringify(node.const).replace(/"/g, "'")}\``;
    if (node.enum !== undefined) return node.enum.map((value) => `\`${JSON.stringify(value).replace(/"/g, "'")}\``).join(' \\| ');
    if (node.type === 'array' && node.items !== undefined && !Array.isArray(node.items)) return `${this.typeName(node.items as SchemaNode)}[]`;
    if (node.type === 'object' && typeof node.additionalProperties === 'object') return `\`Record<string, ${node.additionalProperties.type}>\``;
    return String(node.type ?? 'object');
  }

  /** What a definition's own section says: its props, each form of a union of shapes, or its values. */
  body(definition: SchemaNode): string[] {
    if (definition.properties !== undefined) return table(this.rows(definition, '', new Map()));
    const inlineForms = (definition.anyOf ?? []).filter((alternative) => alternative.properties !== undefined);
    if (inlineForms.length > 0 && inlineForms.length === definition.anyOf!.length) {
      return inlineForms.flatMap((form, i) => [...(i === 0 ? [] : ['']), `Form ${i + 1}:`, '', ...table(this.rows(form, '', new Map()))]);
    }
    if (definition.anyOf !== undefined || definition.enum !== undefined) return [`One of: ${this.typeName({ ...definition, description: undefined })}`];
    return [`A ${this.typeName({ ...definition, description: undefined })}.`];
  }

  /** The props of an object, nested objects' props under their own path after the object's row. */
  rows(node: SchemaNode, path: string, defaults: Map<string, unknown>): PropRow[] {
    const object = this.resolve(node);
    return Object.entries(object.properties ?? {}).flatMap(([key, property]) => {
      const propPath = join(path, key);
      const nested = this.nested(property);
      const row: PropRow = {
        path: propPath,
        type: nested === undefined || property.anyOf !== undefined ? this.typeName(property) : 'object',
        required: object.required?.includes(key) ?? false,
        default: property.default ?? defaults.get(propPath),
        // A named type's own doc (Duration's) would repeat on every row that uses it: its section has it.
        description: property.description ?? nested?.description ?? '',
      };
      return [row, ...(nested === undefined ? [] : this.rows(nested, propPath, defaults))];
    });
  }
}

/** Every prop of a root, flattened to its path, as the reference lists it. */
export function propRows(schema: PropsSchema, root: PropsRoot): PropRow[] {
  return new Reference(schema).rows(schema.definitions[root]!, '', exportedDefaults(root));
}

function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

function defaultCell(row: PropRow): string {
  if (row.default === undefined) return row.required ? 'required' : '';
  // A @default in words (`the stack's id`) reads as text; a value as code.
  if (typeof row.default === 'string' && /\s/.test(row.default)) return cell(row.default);
  return `\`${cell(typeof row.default === 'string' ? row.default : JSON.stringify(row.default))}\``;
}

function table(rows: readonly PropRow[]): string[] {
  return ['| prop | type | default | description |', '| --- | --- | --- | --- |', ...rows.map((row) => `| \`${row.path}\` | ${row.type} | ${defaultCell(row)} | ${cell(row.description)} |`)];
}

/** docs/props.md: every public prop with its type, default and doc comment, generated from the props schema. */
export function propsReference(schema: PropsSchema): string {
  const reference = new Reference(schema);
  const lines = [
    '# Props reference',
    '',
    '<!-- Generated by `npm run props:generate` from the doc comments of the props types; edit those, not this file. -->',
    '',
    'Every prop the stack and a monitored service take, with its default. A key not listed here stops',
    '`cdktf synth` with its path and the nearest known key.',
  ];
  for (const root of PROPS_ROOTS) {
    lines.push('', `## ${ROOT_TITLES[root]}`, '', ...table(reference.rows(schema.definitions[root]!, '', exportedDefaults(root))));
  }
  // Sections named while rendering name further ones: the list grows as it is walked, once per name.
  for (let i = 0; i < reference.sections.length; i += 1) {
    const name = reference.sections[i]!;
    const definition = reference.definition(name);
    lines.push('', `### ${name}`, '');
    if (definition.description !== undefined) lines.push(cell(definition.description), '');
    lines.push(...reference.body(definition));
  }
  return `${lines.join('\n')}\n`;
}
