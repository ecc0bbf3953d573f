import { requireIpv4, requirePort } from './validation';

/** A port published on the Docker host. */
export interface PublishedPort {
  readonly containerPort: number;
  readonly hostPort: number;
  /** Host address to bind: 127.0.0.1 keeps a port off the network, 0.0.0.0 makes it public. */
  readonly hostIp: string;
}

/** The props every published component takes for its host port. */
export interface PublishOptions {
  readonly hostPort?: number;
  /** Host address the port binds to; loopback keeps it off the network. */
  readonly bindAddress?: string;
}

/** A component's published port from its props, validated; loopback unless the component says otherwise. */
export function publishedPort(
  component: string,
  containerPort: number,
  options: PublishOptions,
  defaults: { readonly hostPort?: number; readonly bindAddress?: string } = {},
): PublishedPort {
  return {
    containerPort,
    hostPort: requirePort(`${component}.hostPort`, options.hostPort ?? defaults.hostPort ?? containerPort),
    hostIp: requireIpv4(`${component}.bindAddress`, options.bindAddress ?? defaults.bindAddress ?? '127.0.0.1'),
  };
}
