import { runbookLink } from '../../alerts/runbook';
import { DockerProvider } from '../../constructs/framework/docker';
import { Construct, TerraformStack } from '../../constructs/framework/framework';
import { markMetricsSource, type MetricsSource } from '../../constructs/components/metrics-source';
import { Networks, type NetworksOptions } from '../../constructs/engine/networks';
import type { RuleGroup } from '../../config/prometheus-rules';
import type { ScrapeJob } from '../../config/scrape-job';
import type { DashboardFile } from '../../dashboards';
import type { Engine } from '../../constructs/engine/engine';
import { provideStackContext } from '../../constructs/stack/stack-context';
import { type Synthesized, synthesize } from './synth-stack';
import { testApp } from './test-app';

/** One construct synthesized on its own: the construct as built, and cdk.tf.json of it alone. */
export interface SynthesizedConstruct<T> extends Synthesized {
  readonly construct: T;
}

/** What the stand-in stack context is built with: the engine (one host by default) and the stand-in networks' subnets. */
export interface StandInContext {
  readonly engine?: Engine;
  readonly networks?: NetworksOptions;
}

/**
 * One construct synthesized on its own, in a scope with the stack context it reads (stand-in
 * networks, the default name prefix and runbook), with the scope's validations.
 */
export function synthConstruct<T>(build: (scope: Construct) => T, context: StandInContext = {}): SynthesizedConstruct<T> {
  // A stack of the shared test app, not Testing.synthScope: that leaves a temp dir behind per call.
  const scope = new TerraformStack(testApp(), 'construct');
  new DockerProvider(scope, 'docker', {});
  const engine = context.engine ?? 'docker';
  const networks = new Networks(scope, 'networks', { namePrefix: 'sentinel', engine, ...context.networks });
  provideStackContext(scope, { engine, namePrefix: 'sentinel', runbook: runbookLink('docs/runbook.md'), networks });
  const construct = build(scope);
  return { construct, ...synthesize(scope) };
}

export interface StandInSourceProps {
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups?: readonly RuleGroup[];
  readonly dashboards?: readonly DashboardFile[];
}

/** A component that declares itself a metrics source, bringing what the test gives it. */
export class StandInMetricsSource extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups?: readonly RuleGroup[];
  readonly dashboards?: readonly DashboardFile[];

  constructor(scope: Construct, id: string, props: StandInSourceProps) {
    super(scope, id);
    markMetricsSource(this);
    ({ scrapeJob: this.scrapeJob, ruleGroups: this.ruleGroups, dashboards: this.dashboards } = props);
  }
}
