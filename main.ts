import { mapSourcesOnlyForErrors } from './constructs/error-only-source-maps';
import { App } from './constructs/framework';
import { SentinelStack } from './constructs/sentinel-stack';

mapSourcesOnlyForErrors();
// Construct metadata stack traces are for debugging the framework, not this stack; skipping them saves synth time.
const app = new App({ stackTraces: false });
// Every prop has a safe default; override here, e.g. { gateway: { hostPort: 8080 } }.
new SentinelStack(app, 'sentinel', {});
// Your own services go after it: new MonitoredService(stack, 'orders', { ... }) (README, "Monitor your own service").
app.synth();
