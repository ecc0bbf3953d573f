import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsSchemaText } from './props-schema';

const REPO_ROOT = join(__dirname, '..', '..');
writeFileSync(join(REPO_ROOT, 'constructs/validation/props.schema.json'), propsSchemaText());
