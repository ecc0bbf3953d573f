import { InvalidPropError } from './validation';

const DIGEST = /@sha256:[0-9a-f]{64}$/;
/** `name:tag`, the tag after the last `/` (so a registry's `host:port/` is not taken for one). */
const TAGGED = /^[a-z0-9][a-z0-9._/:-]*:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/**
 * An image pinned to one build: `name:tag` or `name@sha256:<digest>`. A reference without a tag
 * means `latest`, which moves: the stack deployed would not be the one reviewed.
 */
export function requireImageReference(prop: string, value: string): string {
  const tag = TAGGED.exec(value)?.[1];
  const pinned = DIGEST.test(value) || (tag !== undefined && tag !== 'latest');
  if (!pinned) throw new InvalidPropError(prop, value, 'an image pinned to a version, name:tag (not latest) or name@sha256:digest, such as nginx:1.27.3');
  return value;
}
