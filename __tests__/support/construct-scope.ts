import { runbookLink } from '../../alerts/runbook';
import { DockerProvider } from '../../constructs/docker';
import { type Construct, TerraformStack, Testing } from '../../constructs/framework';
import { Networks } from '../../constructs/networks';
import { provideStackContext } from '../../constructs/stack-context';
import { testApp } from './test-app';

/**
 * One construct synthesized on its own, in a scope with the stack context it reads (stand-in
 * networks, the default name prefix and runbook): cdk.tf.json of that construct alone, parsed.
 */
export function synthConstruct(build: (scope: Construct) => void): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  // A stack of the shared test app, not Testing.synthScope: that leaves a temp dir behind per call.
  const scope = new TerraformStack(testApp(), 'construct');
  new DockerProvider(scope, 'docker', {});
  const networks = new Networks(scope, 'networks', { namePrefix: 'sentinel' });
  provideStackContext(scope, { namePrefix: 'sentinel', runbook: runbookLink('docs/runbook.md'), networks });
  build(scope);
  return JSON.parse(Testing.synth(scope, true));
}
