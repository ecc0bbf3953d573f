// The cdktf app the Docker suite synthesizes: main.ts's stack with the props the suite
// passes in SENTINEL_STACK_PROPS (free host ports, short alert delays).
import { App } from '../../../constructs/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/sentinel-stack';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const app = new App({ stackTraces: false });
new SentinelStack(app, 'sentinel', props);
app.synth();
