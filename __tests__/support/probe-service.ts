import type { Construct } from '../../constructs/framework/framework';
import { ServiceContainer, type ServiceContainerProps } from '../../constructs/engine/service-container';

/** The fewest props a ServiceContainer takes: a stand-in image probed by a command of its own. */
export const PROBE_PROPS: ServiceContainerProps = {
  serviceName: 'probe',
  image: 'example/probe:1.0.0',
  networks: ['monitoring'],
  memoryMb: 48,
  user: 'nobody',
  healthcheck: { command: ['probe', '--ready'] },
};

/** A ServiceContainer of PROBE_PROPS with `props` over them. */
export const probeService = (scope: Construct, props: Partial<ServiceContainerProps> = {}, id = 'probe') =>
  new ServiceContainer(scope, id, { ...PROBE_PROPS, ...props });
