import { DataDockerRegistryImage, Image, RegistryImage } from '../framework/docker';
import type { Construct } from '../framework/framework';
import { type Registry, underRegistry } from './registry';

const DIGESTED = /@sha256:[0-9a-f]{64}$/;

/**
 * The image a Swarm service names. Without a registry, as on one host: pulled (or built) on the
 * engine Terraform talks to, named by its tag. With one, every node pulls it from there, by
 * digest: Swarm pins a service's image to the digest the registry reports when the service is
 * created, so a tag alone would read back changed and plan an update after every deploy. A
 * pinned image's digest is the registry's answer at plan time; an image the stack builds is
 * pushed there first.
 */
export function swarmImageReference(scope: Construct, image: string | Image, registry: Registry | undefined): string {
  if (registry === undefined) {
    return typeof image === 'string' ? new Image(scope, 'image', { name: image, keepLocally: true }).name : image.name;
  }
  if (typeof image !== 'string') {
    // Kept in the registry on destroy, as a build is kept on the engine: a task may still run it.
    const pushed = new RegistryImage(scope, 'pushed-image', { name: image.name, keepRemotely: true });
    return `${image.name}@${pushed.sha256Digest}`;
  }
  const name = underRegistry(registry, image);
  if (DIGESTED.test(name)) return name;
  const published = new DataDockerRegistryImage(scope, 'image', { name });
  return `${name}@${published.sha256Digest}`;
}
