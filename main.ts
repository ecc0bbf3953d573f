import { App } from './constructs/framework';
import { SentinelStack } from './constructs/sentinel-stack';

const app = new App();
// Every prop has a safe default; override here, e.g. { gateway: { hostPort: 8080 } }.
new SentinelStack(app, 'sentinel', {});
app.synth();
