// The cdktf app the Docker suite synthesizes: main.ts's stack with the props the suite
// passes in SENTINEL_STACK_PROPS (free host ports, short alert delays), and the orders
// service beside the app.
import { App } from '../../../constructs/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/sentinel-stack';
import { declareOrdersService, ORDERS_THRESHOLDS } from '../../support/orders-service';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const app = new App({ stackTraces: false });
const stack = new SentinelStack(app, 'sentinel', props);
// Short, like the app's alert delays here, so its failure fires HighErrorRate within a test's time.
declareOrdersService(stack, { alerts: { ...ORDERS_THRESHOLDS, errorRatioFor: '10s' } });
app.synth();
