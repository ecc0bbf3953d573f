import { LocalBackend, TerraformBackend, type TerraformStack } from '../framework/framework';
import { InvalidPropError } from '../validation/validation';
import { stateFilePath } from './state-file';

/**
 * Makes the stack's Terraform backend in the stack it is given: a backend is one of the
 * stack's constructs, so it cannot be made before the stack is.
 */
export type BackendFactory = (stack: TerraformStack) => TerraformBackend;

const EXPECTED = 'a function that makes a CDKTF backend in the stack it is given, such as (stack) => new PgBackend(stack, { connStr: "" })';

/** The stack's backend: the one `factory` makes, else the local state file (state-file.ts). */
export function declareBackend(stack: TerraformStack, factory: BackendFactory | undefined): TerraformBackend {
  if (factory === undefined) return new LocalBackend(stack, { path: stateFilePath(stack.node.id) });
  if (typeof factory !== 'function') throw new InvalidPropError('backend', kindOf(factory), EXPECTED);
  const backend: unknown = factory(stack);
  if (!TerraformBackend.isBackend(backend)) throw new InvalidPropError('backend', `a function returning ${kindOf(backend)}`, EXPECTED);
  if (backend.node.scope !== stack) throw new InvalidPropError('backend', `a backend made in ${backend.node.scope?.node.path ?? 'no stack'}`, EXPECTED);
  return backend;
}

// A construct refers to its scope and back, so it is named, not serialized, in the message.
function kindOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an instance of ${value.constructor?.name ?? 'Object'}`;
}
