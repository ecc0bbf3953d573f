import { mapSourcesOnlyForErrors } from './constructs/framework/error-only-source-maps';
import { App } from './constructs/framework/framework';
// The package's public API, as a team's app imports it from 'sentinel'.
import { SentinelStack } from './index';

mapSourcesOnlyForErrors();
// Construct metadata stack traces are for debugging the framework, not this stack; skipping them saves synth time.
const app = new App({ stackTraces: false });
// Every prop has a safe default; override here, e.g. { gateway: { hostPort: 8080 } }.
new SentinelStack(app, 'sentinel', {});
// The same stack on a Docker Swarm (`npm run deploy:swarm`): the app replicated, configs and secrets from Swarm.
new SentinelStack(app, 'sentinel-swarm', { engine: 'swarm' });
// Your own services go after a stack: new MonitoredService(stack, 'orders', { ... }) (README, "Add a service").
app.synth();
