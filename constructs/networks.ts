import { Network } from './docker';
import { Construct } from './framework';
import { requireIpv4Cidr } from './validation';

export interface NetworksOptions {
  /** Gateway ↔ app. */
  readonly edgeSubnet?: string;
  /** App ↔ Redis; no route out of the host. */
  readonly internalSubnet?: string;
  /** Prometheus ↔ everything it scrapes, Grafana ↔ Prometheus. */
  readonly monitoringSubnet?: string;
}

export interface NetworksProps extends NetworksOptions {
  readonly namePrefix: string;
}

/**
 * The three planes of the stack. Subnets are fixed so the gateway can allow
 * stub_status to the monitoring network alone.
 */
export class Networks extends Construct {
  readonly edge: Network;
  readonly internal: Network;
  readonly monitoring: Network;
  readonly monitoringSubnet: string;

  constructor(scope: Construct, id: string, props: NetworksProps) {
    super(scope, id);
    const edgeSubnet = requireIpv4Cidr('networks.edgeSubnet', props.edgeSubnet ?? '172.28.10.0/24');
    const internalSubnet = requireIpv4Cidr('networks.internalSubnet', props.internalSubnet ?? '172.28.20.0/24');
    this.monitoringSubnet = requireIpv4Cidr('networks.monitoringSubnet', props.monitoringSubnet ?? '172.28.30.0/24');

    const network = (name: string, subnet: string, internal: boolean) =>
      new Network(this, name, {
        name: `${props.namePrefix}-${name}`,
        driver: 'bridge',
        internal,
        ipamConfig: [{ subnet }],
      });
    this.edge = network('edge', edgeSubnet, false);
    this.internal = network('internal', internalSubnet, true);
    // Not internal: Prometheus and Grafana publish ports on the host, which Docker only allows off internal networks.
    this.monitoring = network('monitoring', this.monitoringSubnet, false);
  }
}
