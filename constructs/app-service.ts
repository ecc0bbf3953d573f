import { resolve } from 'node:path';
import type { Endpoint } from '../config/endpoint';
import type { ScrapeJob } from '../config/scrape-job';
import { Image, type Network } from './docker';
import { Construct } from './framework';
import type { MetricsSource } from './metrics-source';
import { ServiceContainer } from './service-container';
import { sourceHash } from './source-hash';
import { requireIntegerInRange } from './validation';

export interface AppServiceOptions {
  readonly memoryMb?: number;
}

export interface AppServiceProps extends AppServiceOptions {
  readonly namePrefix: string;
  readonly edgeNetwork: Network;
  readonly dataNetwork: Network;
  readonly monitoringNetwork: Network;
  readonly redis: Endpoint;
}

export const APP_SOURCE_DIR = resolve(__dirname, '..', 'app');
const PORT = 8080;

/** The Node.js service, built from `app/` and rebuilt whenever a file there changes. */
export class AppService extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly scrapeJob: ScrapeJob;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const memoryMb = requireIntegerInRange('app.memoryMb', props.memoryMb ?? 256, 64, 65536, 'MiB');
    this.endpoint = { host: 'app', port: PORT };
    this.scrapeJob = { jobName: 'app', targets: [this.endpoint] };

    const hash = sourceHash(APP_SOURCE_DIR);
    const image = new Image(this, 'image', {
      // The tag follows the sources, so a container always names the build it runs.
      name: `${props.namePrefix}-app:${hash.slice(0, 12)}`,
      buildAttribute: { context: APP_SOURCE_DIR },
      triggers: { source_sha256: hash },
    });

    this.service = new ServiceContainer(this, 'app', {
      serviceName: this.endpoint.host,
      namePrefix: props.namePrefix,
      image,
      user: 'node',
      networks: [props.edgeNetwork, props.dataNetwork, props.monitoringNetwork],
      memoryMb,
      readOnlyRootFilesystem: true,
      env: {
        PORT: String(PORT),
        REDIS_URL: `redis://${props.redis.host}:${props.redis.port}`,
        NODE_ENV: 'production',
      },
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/healthz`] },
    });
  }
}
