import { requireIpv4, requirePort } from '../validation/validation';

/** A port published on the Docker host. */
export interface PublishedPort {
  readonly containerPort: number;
  readonly hostPort: number;
  /** Host address to bind: 127.0.0.1 keeps a port off the network, 0.0.0.0 makes it public. */
  readonly hostIp: string;
}

/** The props every published component takes for its host port; each component documents its defaults. */
export interface PublishOptions {
  /** TCP port on the Docker host. */
  readonly hostPort?: number;
  /** Host address the port binds to (IPv4); loopback keeps it off the network. */
  readonly bindAddress?: string;
}

/** A component's published port from its props and its defaults, validated. */
export function publishedPort(component: string, containerPort: number, options: PublishOptions, defaults: Required<PublishOptions>): PublishedPort {
  return {
    containerPort,
    hostPort: requirePort(`${component}.hostPort`, options.hostPort ?? defaults.hostPort),
    hostIp: requireIpv4(`${component}.bindAddress`, options.bindAddress ?? defaults.bindAddress),
  };
}
