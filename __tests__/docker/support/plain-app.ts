// A cdktf app of main.ts's stack alone, with the props the suite passes in SENTINEL_STACK_PROPS.
import { App } from '../../../constructs/framework/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const app = new App({ stackTraces: false });
new SentinelStack(app, 'sentinel', props);
app.synth();
