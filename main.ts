import { mapSourcesOnlyForErrors } from './constructs/framework/error-only-source-maps';
// The package's public API, as a team's app imports it from 'sentinel'.
import { SentinelStack, synthesize } from './index';

mapSourcesOnlyForErrors();
synthesize((app) => {
  // Every prop has a safe default; override here, e.g. { gateway: { hostPort: 8080 } }.
  new SentinelStack(app, 'sentinel', {});
  // The same stack on a Docker Swarm (`npm run deploy:swarm`): the app replicated, configs and secrets from Swarm.
  new SentinelStack(app, 'sentinel-swarm', { engine: 'swarm' });
  // Your own services go after a stack: new MonitoredService(stack, 'orders', { ... }) (README, "Add a service").
});
