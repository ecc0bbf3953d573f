import { type Container, Image, type Service } from '../framework/docker';
import { Construct } from '../framework/framework';
import { hostContainers } from './host-container';
import { replicaNames, type RunningService, type ServiceContainerProps } from './service-spec';
import { stackContextOf } from '../stack/stack-context';
import { swarmService } from './swarm-service';
import { swarmImageReference } from './swarm-image';
import { underRegistry } from './registry';

export type { ConfigFile, Healthcheck, NoHealthcheck, SecretValue, ServiceContainerProps, VolumeMount } from './service-spec';

/**
 * A long-running service with the stack's safe defaults: a healthcheck Terraform waits on,
 * restart policy, memory limit, rotated logs, every capability dropped, no privilege
 * escalation, and a non-root user. On one host a container (`host-container.ts`), on a Swarm
 * a service (`swarm-service.ts`): the components that use it do not say which. Its replicas
 * are tasks of that one service on a Swarm, and containers of their own on one host.
 */
export class ServiceContainer extends Construct implements RunningService {
  readonly resources: readonly (Container | Service)[];
  /** Its short name: DNS alias, and the container name after the stack's prefix. */
  readonly serviceName: string;
  /** The names it answers under: its own on a Swarm, whatever its tasks; on one host, one per container (`replicaNames`). */
  readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: ServiceContainerProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    if (props.hostNamespaces && props.networks.length > 0) {
      throw new Error(`${props.serviceName}: a container in the host's network namespace joins no other network`);
    }
    const { engine, registry } = stackContextOf(this);
    const swarm = engine === 'swarm';
    this.names = swarm ? [props.serviceName] : replicaNames(props.serviceName, props.replicas ?? 1);
    this.resources = swarm
      ? [swarmService(this, props, swarmImageReference(this, props.image, registry))]
      : hostContainers(this, props, typeof props.image === 'string' ? new Image(this, 'image', { name: underRegistry(registry, props.image), keepLocally: true }) : props.image);
  }
}
