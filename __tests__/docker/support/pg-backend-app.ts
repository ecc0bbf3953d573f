// A cdktf app of main.ts's stack with its state in PostgreSQL (Terraform's pg backend), and the
// props the suite passes in SENTINEL_STACK_PROPS.
import { App, PgBackend } from '../../../constructs/framework/framework';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';

const props = JSON.parse(process.env.SENTINEL_STACK_PROPS ?? '{}') as SentinelStackProps;
const app = new App({ stackTraces: false });
// No connection string here: Terraform takes an empty one from PG_CONN_STR, so neither the
// password nor the server's address is written to cdk.tf.json.
new SentinelStack(app, 'sentinel', { ...props, backend: (stack) => new PgBackend(stack, { connStr: '' }) });
app.synth();
