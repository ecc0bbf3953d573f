import { headingAnchor } from '../../config/heading-anchor';

describe('headingAnchor', () => {
  it.each([
    ['Target down', 'target-down'],
    ['Prometheus & targets', 'prometheus--targets'],
    ['`app.replicas` on one host', 'appreplicas-on-one-host'],
    ['Builder<Panel>', 'builderpanel'],
    ['dead_mans_switch', 'dead_mans_switch'],
  ])('makes %j the anchor GitHub gives it, %j', (heading, anchor) => {
    expect(headingAnchor(heading)).toBe(anchor);
  });
});
