/** Where a service listens, as seen by its clients: a DNS name or an IP, and a TCP port. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export function hostPort(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
