import type { RunbookLink } from '../../alerts/runbook';
import type { IConstruct } from '../framework/framework';
import type { Engine } from '../engine/engine';
import type { Networks } from '../engine/networks';
import type { Registry } from '../engine/registry';

/** What every component of one Sentinel stack shares, read with `stackContextOf(this)`. */
export interface StackContext {
  /** What its services are rendered as: containers on one host, or Swarm services. */
  readonly engine: Engine;
  /** Prefix of every container, network and volume name. */
  readonly namePrefix: string;
  /** Where alerts' `runbook_url` annotations point, by alert name. */
  readonly runbook: RunbookLink;
  /** The stack's three networks (edge, internal, monitoring) and the monitoring subnet. */
  readonly networks: Networks;
  /** Where its images come from, when not from their public registries. */
  readonly registry?: Registry;
}

// A symbol on the scope that provides it, as cdktf marks its stacks.
const STACK_CONTEXT = Symbol.for('sentinel.StackContext');

/** Makes `context` what every construct under `scope` reads. */
export function provideStackContext(scope: IConstruct, context: StackContext): void {
  Object.defineProperty(scope, STACK_CONTEXT, { value: context });
}

/** The context of the nearest enclosing scope that provides one. */
export function stackContextOf(construct: IConstruct): StackContext {
  const provider = [...construct.node.scopes].reverse().find((scope) => STACK_CONTEXT in scope);
  if (!provider) throw new Error(`${construct.node.path} is not inside a Sentinel stack: no scope provides a stack context`);
  return (provider as unknown as Record<symbol, StackContext>)[STACK_CONTEXT]!;
}
