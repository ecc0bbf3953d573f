import type { IConstruct } from '../framework/framework';
import { InvalidPropError } from './validation';

/**
 * A service's name, if no construct in its scope has it yet: in a stack, the names of the
 * components it declares (`app`, `grafana`, `redis`, …), only those it really has. Checked before
 * the framework would refuse a second child of one name with a message about constructs.
 */
export function requireUntakenName(scope: IConstruct, id: string): string {
  if (scope.node.tryFindChild(id) !== undefined) {
    const taken = scope.node.children.map((child) => child.node.id).filter((name) => /^[a-z][a-z0-9-]*$/.test(name));
    throw new InvalidPropError('service name (construct id)', id, `a name no other component of ${scope.node.path || 'the app'} has (taken: ${taken.join(', ')})`);
  }
  return id;
}
