import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROPS_ROOTS, PROPS_SCHEMA } from '../../constructs/validation/props-schema';
import { exportedDefaults, flattenDefaults } from '../../scripts/props/props-defaults';
import { propRows, propsReference } from '../../scripts/props/props-reference';
import { REPO_ROOT } from '../support/synth-stack';

describe('docs/props.md', () => {
  it('is the reference the committed props schema generates (npm run props:generate writes both)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/props.md'), 'utf8')).toBe(propsReference(PROPS_SCHEMA));
  });

  it.each(PROPS_ROOTS)('lists every %s with the default its construct falls back on', (root) => {
    const rows = propRows(PROPS_SCHEMA, root);
    expect(rows.length).toBeGreaterThan(20);
    const listed = new Map(rows.flatMap((row) => flattenDefaults(row.path, row.default)));
    // A doc comment's @default that drifted from the value the construct uses shows here.
    const stale = [...exportedDefaults(root)].filter(([path, value]) => listed.has(path) && String(listed.get(path)) !== String(value));
    expect(stale).toEqual([]);
    const unlisted = [...exportedDefaults(root).keys()].filter((path) => !rows.some((row) => row.path === path));
    expect(unlisted).toEqual([]);
  });

  it('marks the props a service cannot do without as required, and lists each receiver kind with its own props', () => {
    const reference = propsReference(PROPS_SCHEMA);
    const required = propRows(PROPS_SCHEMA, 'MonitoredServiceProps').filter((row) => row.required).map((row) => row.path);
    expect(required).toEqual(['image', 'port', 'route', 'healthcheck']);
    expect(reference).toContain('### SlackReceiverProps');
    expect(reference).toMatch(/### PagerDutyReceiverProps[\s\S]*\| `apiUrl` \| string \|/);
  });
});
