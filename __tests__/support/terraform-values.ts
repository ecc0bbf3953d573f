/** A reference to another resource's attribute, the only interpolation the applier resolves itself. */
export interface ResourceReference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const WHOLE_REFERENCE = /^\$\{(docker_[a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
// `${` or `%{` not escaped by doubling: Terraform evaluates it.
const INTERPOLATION = /(^|[^$])\$\{|(^|[^%])%\{/;

/** `${docker_x.name.attr}` as a whole string, or undefined. */
export function resourceReference(value: string): ResourceReference | undefined {
  const match = WHOLE_REFERENCE.exec(value);
  return match ? { type: match[1]!, name: match[2]!, attribute: match[3]! } : undefined;
}

/** Whether Terraform would evaluate something in this string at apply time. */
export function needsEvaluation(value: string): boolean {
  return INTERPOLATION.test(value);
}

/** A literal string as Terraform delivers it: its template escapes (`$${`, `%%{`) undone. */
export function unescapeLiteral(value: string): string {
  return value.replace(/([$%])\1\{/g, '$1{');
}
