import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsSchemaText } from '../../scripts/props/props-schema';
import { REPO_ROOT } from '../support/synth-stack';

describe('the committed props schema', () => {
  it('is the one the props types declare today (npm run props:generate writes it)', () => {
    expect(readFileSync(join(REPO_ROOT, 'constructs/validation/props.schema.json'), 'utf8')).toBe(propsSchemaText());
  });
});
