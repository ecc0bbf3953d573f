// The cdktf app the swarm suite deploys: main.ts's sentinel-swarm stack with the props the
// suite passes in SENTINEL_STACK_PROPS (free ports, its own names and subnets, short alert
// delays), and the suite's edits (suite-edits.ts).
import { App } from '../../../constructs/framework/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { editStack, suiteEdits } from './suite-edits';

export const SWARM_STACK_ID = 'sentinel-swarm';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const app = new App({ stackTraces: false });
editStack(new SentinelStack(app, SWARM_STACK_ID, { ...props, engine: 'swarm' }), suiteEdits());
app.synth();
