import type { DockerProviderRegistryAuth } from '../framework/docker';
import { InvalidPropError } from '../validation/validation';

/** Where the stack's images come from instead of their public registries. */
export interface RegistryOptions {
  /**
   * The registry's `host[:port]`, which every image name then starts with: `registry.example.com`,
   * `10.0.0.5:5000`. The host needs a dot or a port (or is `localhost`): Docker reads a bare name as a
   * Docker Hub account.
   */
  readonly address: string;
  /**
   * `https`; or `http`, for a registry on a private network that every engine lists under
   * `insecure-registries`. @default https
   */
  readonly protocol?: 'https' | 'http';
  /**
   * `docker-login`: the credentials `docker login <address>` saved on the machine that deploys
   * (`~/.docker/config.json`, or the file `DOCKER_CONFIG` names); `none`: a registry that takes
   * pulls and pushes without a login. @default docker-login
   */
  readonly credentials?: 'docker-login' | 'none';
}

/** A registry the stack's images come from, its options checked. */
export interface Registry {
  readonly address: string;
  readonly protocol: 'https' | 'http';
  readonly credentials: 'docker-login' | 'none';
}

export const REGISTRY_DEFAULTS = { protocol: 'https', credentials: 'docker-login' } as const;

/**
 * The build argument every image the stack builds gets: `<address>/` with a registry, so a
 * Dockerfile's `FROM ${SENTINEL_REGISTRY}node:…` takes its base from there; empty without one.
 */
export const REGISTRY_BUILD_ARG = 'SENTINEL_REGISTRY';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST_AND_PORT = new RegExp(`^(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

export function requireRegistry(options: RegistryOptions): Registry {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidPropError('registry', options, "{ address: 'host[:port]' }, with protocol and credentials where they differ from https and docker-login");
  }
  const address = options.address;
  const match = typeof address === 'string' ? HOST_AND_PORT.exec(address) : null;
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  const host = match?.[1];
  const namesARegistry = host !== undefined && (host.includes('.') || port !== undefined || host === 'localhost');
  if (!match || !namesARegistry || (port !== undefined && (port < 1 || port > 65535))) {
    throw new InvalidPropError(
      'registry.address',
      address,
      'host[:port] with no scheme or path, such as registry.example.com or 10.0.0.5:5000; a host without a dot or a port reads as a Docker Hub account',
    );
  }
  const protocol = options.protocol ?? REGISTRY_DEFAULTS.protocol;
  if (protocol !== 'https' && protocol !== 'http') throw new InvalidPropError('registry.protocol', protocol, "'https' or 'http'");
  const credentials = options.credentials ?? REGISTRY_DEFAULTS.credentials;
  if (credentials !== 'docker-login' && credentials !== 'none') throw new InvalidPropError('registry.credentials', credentials, "'docker-login' or 'none'");
  return { address, protocol, credentials };
}

/** Whether a reference's first component is a registry (as Docker reads it: a dot, a port or localhost), not a Docker Hub name. */
function namesRegistry(reference: string): boolean {
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/**
 * The reference under the registry: `redis:8.6.0-alpine` becomes `<address>/redis:8.6.0-alpine`;
 * unchanged without one, or where it names a registry of its own already.
 */
export function underRegistry(registry: Registry | undefined, reference: string): string {
  return registry === undefined || namesRegistry(reference) ? reference : `${registry.address}/${reference}`;
}

/** How the provider reaches the registry: its scheme, and the saved login or none. */
export function registryAuth(registry: Registry): DockerProviderRegistryAuth {
  return {
    address: `${registry.protocol}://${registry.address}`,
    // Without a login the provider still needs an entry for the registry; it sends placeholder credentials, which an open registry ignores.
    ...(registry.credentials === 'none' ? { authDisabled: true } : {}),
  };
}
