import type { Duration } from '../../config/duration';
import type { Endpoint } from '../../config/endpoint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTH_PATH, renderNginxConf, RUNBOOK_PATH, type NginxConfigInput } from '../../config/nginx';
import { renderRunbookPage } from '../../config/runbook-page';
import { packageDirectory } from '../framework/package-directory';
import { Construct, TerraformStack } from '../framework/framework';
import { monitoredServicesIn } from './monitored-service';
import { IMAGES } from '../engine/images';
import { type PublishOptions, publishedPort, type PublishedPort } from '../engine/published-port';
import { stackContextOf } from '../stack/stack-context';
import { ServiceContainer } from '../engine/service-container';
import { invalidProp, requireDuration, requireIntegerInRange } from '../validation/validation';

export interface GatewayOptions extends PublishOptions {
  /** Container memory limit, MiB (16–65536). @default 64 */
  readonly memoryMb?: number;
  /** How long the gateway's status must be unreadable before `GatewayDown` fires. @default 1m */
  readonly downFor?: Duration;
}

/** What the gateway is built with where its props say nothing: the only public port. */
export const GATEWAY_DEFAULTS = { hostPort: 80, bindAddress: '0.0.0.0', memoryMb: 64, downFor: '1m' } as const satisfies Required<GatewayOptions>;

const PUBLIC_PORT = 8080;
/** Docker's embedded DNS server, in every container on a user-defined network. */
const SWARM_DNS = { address: '127.0.0.11', validSeconds: 1 } as const;
const STATUS_PORT = 8081;
const RUNBOOK_DIR = '/etc/nginx/runbook';

/** Container paths of the unprivileged nginx image, where uid 101 may write. */
export const GATEWAY_CONTAINER_PATHS: NginxConfigInput['paths'] = {
  pidFile: '/tmp/nginx.pid',
  tempDir: '/tmp',
  accessLog: '/dev/stdout',
  errorLog: '/dev/stderr',
};

export const GATEWAY_LIMITS: NginxConfigInput['limits'] = {
  maxBodySize: '1m',
  clientTimeoutSeconds: 10,
  upstreamConnectTimeoutSeconds: 2,
  upstreamReadTimeoutSeconds: 10,
};

/** The nginx gateway: the stack's only public entry point, routing to every monitored service in the stack and serving the runbook alerts link to. */
export class Gateway extends Construct {
  /** Where an exporter reads stub_status, on the monitoring network. */
  readonly statusEndpoint: Endpoint;
  /** The gateway's nginx.conf as data, once every service is in the stack. */
  readonly nginxConfig: () => NginxConfigInput;
  readonly publishedPort: PublishedPort;
  /** How long its status may be unreadable before it counts as down. */
  readonly downFor: Duration;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: GatewayOptions = {}) {
    super(scope, id);
    this.publishedPort = publishedPort('gateway', PUBLIC_PORT, props, GATEWAY_DEFAULTS);
    const memoryMb = requireIntegerInRange('gateway.memoryMb', props.memoryMb ?? GATEWAY_DEFAULTS.memoryMb, 16, 65536, 'MiB');
    this.downFor = requireDuration('gateway.downFor', props.downFor ?? GATEWAY_DEFAULTS.downFor);
    this.statusEndpoint = { host: 'gateway', port: STATUS_PORT };
    const stack = TerraformStack.of(this);
    const { engine, networks } = stackContextOf(this);
    const monitoringSubnet = networks.monitoringSubnet;
    // Read at synth time, so services declared after the gateway get their routes too.
    this.nginxConfig = () => ({
      publicListen: { host: '0.0.0.0', port: PUBLIC_PORT },
      statusListen: { host: '0.0.0.0', port: STATUS_PORT },
      // The monitoring network alone may read stub_status.
      statusAllowedFrom: [monitoringSubnet],
      routes: monitoredServicesIn(stack).map((service) => service.gatewayRoute),
      // On a Swarm, tasks come and go under one name: looked up again every second.
      ...(engine === 'swarm' ? { dnsResolver: SWARM_DNS } : {}),
      paths: GATEWAY_CONTAINER_PATHS,
      limits: GATEWAY_LIMITS,
      runbookDir: RUNBOOK_DIR,
    });
    this.node.addValidation({
      validate: () =>
        monitoredServicesIn(stack)
          .filter((service) => service.gatewayRoute.pathPrefix === RUNBOOK_PATH)
          .map((service) => invalidProp(`${service.node.id}.route`, RUNBOOK_PATH, `a prefix other than ${RUNBOOK_PATH}, where the gateway serves the runbook`)),
    });

    this.service = new ServiceContainer(this, 'gateway', {
      serviceName: this.statusEndpoint.host,
      image: IMAGES.gateway,
      user: '101:101',
      networks: ['edge', 'monitoring'],
      memoryMb,
      env: { NGINX_ENTRYPOINT_QUIET_LOGS: '1' },
      files: [
        { path: '/etc/nginx/nginx.conf', content: () => renderNginxConf(this.nginxConfig()) },
        { path: `${RUNBOOK_DIR}/index.html`, content: () => renderRunbookPage(readFileSync(join(packageDirectory(), 'docs', 'runbook.md'), 'utf8')) },
      ],
      publish: [this.publishedPort],
      upstreams: () => monitoredServicesIn(stack).map((service) => service.service),
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${STATUS_PORT}${HEALTH_PATH}`] },
    });
  }
}
