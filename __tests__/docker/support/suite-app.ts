// The cdktf app the Docker suite deploys: main.ts's stack with the props the suite
// passes in SENTINEL_STACK_PROPS (free host ports, short alert delays), the orders
// service beside the app, and the edits of SENTINEL_SUITE_EDITS: what a developer's
// change to the code would change in the synthesized stack.
import type { Duration } from '../../../config/duration';
import { App } from '../../../constructs/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/sentinel-stack';
import { declareOrdersService, ORDERS_THRESHOLDS, ordersServiceProps } from '../../support/orders-service';

export interface SuiteEdits {
  /** The orders service's probe interval, as an edit of its healthcheck would set it. */
  readonly ordersProbeInterval?: Duration;
  /** A description on the app's dashboard, as an edit of a dashboard's code would change its JSON. */
  readonly appDashboardDescription?: string;
}

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const edits = JSON.parse(process.env.SENTINEL_SUITE_EDITS ?? '{}') as SuiteEdits;
const app = new App({ stackTraces: false });
const stack = new SentinelStack(app, 'sentinel', props);
const healthcheck = ordersServiceProps().healthcheck;
declareOrdersService(stack, {
  // Short, like the app's alert delays here, so its failure fires HighErrorRate within a test's time.
  alerts: { ...ORDERS_THRESHOLDS, errorRatioFor: '10s' },
  ...(edits.ordersProbeInterval === undefined ? {} : { healthcheck: { ...healthcheck, interval: edits.ordersProbeInterval } }),
});
if (edits.appDashboardDescription !== undefined) {
  // The dashboard model is rendered into Grafana's files at synth time, after this.
  (stack.app.dashboards[0]!.json as { description?: string }).description = edits.appDashboardDescription;
}
app.synth();
