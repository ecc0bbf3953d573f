// Writes the props schema the constructs check props against, then the reference generated from it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PropsSchema } from '../../constructs/validation/props-schema';
import { propsReference } from './props-reference';
import { propsSchemaText } from './props-schema';

const REPO_ROOT = join(__dirname, '..', '..');
const schemaPath = join(REPO_ROOT, 'constructs/validation/props.schema.json');
writeFileSync(schemaPath, propsSchemaText());
writeFileSync(join(REPO_ROOT, 'docs/props.md'), propsReference(JSON.parse(readFileSync(schemaPath, 'utf8')) as PropsSchema));
