import { Network } from '../framework/docker';
import { Construct } from '../framework/framework';
import type { Engine } from './engine';
import { firstHostAddress } from '../validation/ipv4-cidr';
import { InvalidPropError, overlappingBlocks, requireIpv4Cidr } from '../validation/validation';

export interface NetworksOptions {
  /** Gateway ↔ app (IPv4 CIDR, /8–/29). @default 172.28.10.0/24 */
  readonly edgeSubnet?: string;
  /** App ↔ Redis; no route out of the host (IPv4 CIDR, /8–/29). @default 172.28.20.0/24 */
  readonly internalSubnet?: string;
  /** Prometheus ↔ everything it scrapes, Grafana ↔ Prometheus (IPv4 CIDR, /8–/29). @default 172.28.30.0/24 */
  readonly monitoringSubnet?: string;
  /**
   * On a Swarm, whether the internal overlay (app ↔ Redis) is encrypted between nodes (IPsec ESP).
   * `false` only where the nodes' kernels have no ESP, which then carry none of its traffic between
   * nodes, or their network is trusted. Read when the network is created. @default true
   */
  readonly encryptInternal?: boolean;
}

/** The subnets where the props name none. */
export const NETWORKS_DEFAULTS = {
  edgeSubnet: '172.28.10.0/24',
  internalSubnet: '172.28.20.0/24',
  monitoringSubnet: '172.28.30.0/24',
  encryptInternal: true,
} as const satisfies Required<NetworksOptions>;

export interface NetworksProps extends NetworksOptions {
  readonly namePrefix: string;
  /** Bridges on one host; overlays across a Swarm's nodes. @default docker */
  readonly engine?: Engine;
}

/** A network by what it carries: a component names the roles it joins. */
export type NetworkRole = 'edge' | 'internal' | 'monitoring';

const DEFAULT_BRIDGE_SUBNET = '172.17.0.0/16';

/**
 * The three planes of the stack. Subnets are fixed so the gateway can allow
 * stub_status to the monitoring network alone.
 */
export class Networks extends Construct {
  readonly edge: Network;
  readonly internal: Network;
  readonly monitoring: Network;
  readonly monitoringSubnet: string;
  /** The host's address on the monitoring network: where the host's own exporter listens. */
  readonly monitoringGateway: string;

  constructor(scope: Construct, id: string, props: NetworksProps) {
    super(scope, id);
    const edgeSubnet = requireIpv4Cidr('networks.edgeSubnet', props.edgeSubnet ?? NETWORKS_DEFAULTS.edgeSubnet);
    const internalSubnet = requireIpv4Cidr('networks.internalSubnet', props.internalSubnet ?? NETWORKS_DEFAULTS.internalSubnet);
    this.monitoringSubnet = requireIpv4Cidr('networks.monitoringSubnet', props.monitoringSubnet ?? NETWORKS_DEFAULTS.monitoringSubnet);
    const blocks = [
      // Every engine has it, and refuses networks that overlap it.
      { prop: "Docker's default bridge", cidr: DEFAULT_BRIDGE_SUBNET },
      { prop: 'networks.edgeSubnet', cidr: edgeSubnet },
      { prop: 'networks.internalSubnet', cidr: internalSubnet },
      { prop: 'networks.monitoringSubnet', cidr: this.monitoringSubnet },
    ];
    // Reported with every other problem of the stack when it is synthesized, not one at a time.
    this.node.addValidation({ validate: () => overlappingBlocks(blocks) });
    this.monitoringGateway = firstHostAddress(this.monitoringSubnet);

    const encryptInternal = props.encryptInternal ?? NETWORKS_DEFAULTS.encryptInternal;
    if (typeof encryptInternal !== 'boolean') throw new InvalidPropError('networks.encryptInternal', encryptInternal, 'true or false');
    const swarm = props.engine === 'swarm';
    const network = (name: string, subnet: string, internal: boolean) =>
      new Network(this, name, {
        name: `${props.namePrefix}-${name}`,
        driver: swarm ? 'overlay' : 'bridge',
        internal,
        // The gateway named, so a host-side listener can be configured with it before the network exists.
        ipamConfig: [{ subnet, gateway: firstHostAddress(subnet) }],
        // Attachable, so an operator's one-off container can join (a shell on the monitoring plane);
        // the data plane's traffic between nodes is encrypted (IPsec).
        ...(swarm ? { attachable: true, options: internal && encryptInternal ? { encrypted: '' } : undefined } : {}),
        // The engine reads an overlay's options back with keys of its own (the VXLAN id), and any
        // difference in options replaces the network: the options are set at create, then left alone.
        ...(swarm ? { lifecycle: { ignoreChanges: ['options'] } } : {}),
      });
    this.edge = network('edge', edgeSubnet, false);
    this.internal = network('internal', internalSubnet, true);
    // Not internal: Prometheus and Grafana publish ports on the host, which Docker only allows off internal networks.
    this.monitoring = network('monitoring', this.monitoringSubnet, false);
  }
}
