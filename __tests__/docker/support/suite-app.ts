// The cdktf app the Docker suite deploys: main.ts's stack with the props the suite
// passes in SENTINEL_STACK_PROPS (free host ports, short alert delays), the orders
// service beside the app, and the suite's edits (suite-edits.ts).
import { App } from '../../../constructs/framework/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { declareOrdersService, ORDERS_THRESHOLDS, ordersServiceProps } from '../../support/orders-service';
import { editSources, editStack, suiteEdits } from './suite-edits';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const edits = suiteEdits();
editSources(edits);
const app = new App({ stackTraces: false });
const stack = new SentinelStack(app, 'sentinel', props);
const { healthcheck } = ordersServiceProps();
declareOrdersService(stack, {
  // Short, like the app's alert delays here, so its failure fires HighErrorRate within a test's time.
  alerts: { ...ORDERS_THRESHOLDS, errorRatioFor: '10s' },
  ...(edits.ordersProbeInterval === undefined ? {} : { healthcheck: { ...healthcheck, interval: edits.ordersProbeInterval } }),
});
editStack(stack, edits);
app.synth();
