import { stringify } from 'yaml';
import { generatedHeader } from './generated-header';

/** YAML text of a config object, headed by the do-not-edit line. */
export function renderYaml(document: unknown): string {
  return generatedHeader('#') + stringify(document, { lineWidth: 0 });
}
