import { sentinelApp } from '../../../constructs/components/sentinel-app';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed } from '../../support/synth-stack';

describe('the Sentinel app', () => {
  it('runs in production mode on port 8080, pointed at the Redis it is given', () => {
    const app = containerNamed(synthConstruct((scope) => sentinelApp(scope, { host: 'cache', port: 6380 })), 'sentinel-app');
    expect(app.env).toEqual(['PORT=8080', 'REDIS_URL=redis://cache:6380', 'NODE_ENV=production']);
  });
});
