import { IMAGES } from '../../../constructs/engine/images';
import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { InvalidPropError } from '../../../constructs/validation/validation';
import { serviceNamed, synthStack, type SynthesizedService } from '../../support/synth-stack';

const REGISTRY = '10.0.0.5:5000';
const withRegistry: SentinelStackProps = { engine: 'swarm', registry: { address: REGISTRY, protocol: 'http', credentials: 'none' } };
const swarm = synthStack(withRegistry);
const swarmWithout = synthStack({ engine: 'swarm' });

type Resources = Record<string, Record<string, unknown>>;
const services = (resources: Resources) => Object.values(resources.docker_service ?? {}) as (SynthesizedService & { lifecycle?: { ignore_changes?: string[] } })[];
const dataSources = (json: string) => (JSON.parse(json).data ?? {}) as Resources;
const provider = (json: string) => (JSON.parse(json).provider.docker as Record<string, unknown>[])[0]!;
/** The images that the stack's pinned references stand for, by service. */
const PINNED: Record<string, string> = {
  gateway: IMAGES.gateway,
  redis: IMAGES.redis,
  prometheus: IMAGES.prometheus,
  grafana: IMAGES.grafana,
  alertmanager: IMAGES.alertmanager,
  'nginx-exporter': IMAGES.nginxExporter,
  'redis-exporter': IMAGES.redisExporter,
  'node-exporter': IMAGES.nodeExporter,
};

describe('a Swarm stack whose images come from a registry', () => {
  it('names every pinned image under the registry, by the digest the registry reports at plan time', () => {
    const registryImages = dataSources(swarm.json).docker_registry_image as Record<string, { name: string }>;
    for (const [name, pinned] of Object.entries(PINNED)) {
      const image = serviceNamed(swarm, `sentinel-${name}`).task_spec.container_spec.image;
      const id = /^10\.0\.0\.5:5000\/[^@]+@\$\{data\.docker_registry_image\.([\w-]+)\.sha256_digest\}$/.exec(image)?.[1];
      expect([name, id && registryImages[id]!.name]).toEqual([name, `${REGISTRY}/${pinned}`]);
      expect(image.startsWith(`${REGISTRY}/${pinned}@`)).toBe(true);
    }
  });

  it('builds the app under the registry with its base from there, pushes it, and runs it by the pushed digest', () => {
    const builds = Object.entries(swarm.resources.docker_image as Record<string, { name: string; build?: { build_args?: Record<string, string> } }>).filter(([, image]) => image.build);
    expect(builds).toHaveLength(1);
    const [buildId, build] = builds[0]!;
    expect(build.name).toMatch(/^10\.0\.0\.5:5000\/sentinel-app:[0-9a-f]{12}$/);
    expect(build.build?.build_args).toEqual({ SENTINEL_REGISTRY: `${REGISTRY}/` });
    // Over plain HTTP the engine pulls the base first: BuildKit would ask the registry over TLS.
    const bases = Object.entries(swarm.resources.docker_image as Record<string, { name: string; build?: unknown }>).filter(([, image]) => !image.build);
    expect(bases.map(([, image]) => image.name)).toEqual([`${REGISTRY}/node:22.12.0-alpine3.21`]);
    expect((build as { depends_on?: string[] }).depends_on).toEqual([`docker_image.${bases[0]![0]}`]);
    const pushes = Object.entries(swarm.resources.docker_registry_image as Record<string, { name: string; keep_remotely: boolean }>);
    expect(pushes.map(([, push]) => push)).toEqual([{ name: `\${docker_image.${buildId}.name}`, keep_remotely: true }]);
    expect(serviceNamed(swarm, 'sentinel-app').task_spec.container_spec.image).toBe(`\${docker_image.${buildId}.name}@\${docker_registry_image.${pushes[0]![0]}.sha256_digest}`);
  });

  it('pulls nothing onto the engine Terraform talks to but the bases of its build: the nodes pull from the registry', () => {
    const pulled = Object.values(swarm.resources.docker_image as Record<string, { name: string; build?: unknown }>).filter((image) => !image.build);
    expect(pulled.map((image) => image.name)).toEqual([`${REGISTRY}/node:22.12.0-alpine3.21`]);
    const overTls = synthStack({ engine: 'swarm', registry: { address: 'registry.example.com' } });
    expect(Object.values(overTls.resources.docker_image as Record<string, { build?: unknown }>).filter((image) => !image.build)).toEqual([]);
  });

  it('tells the provider how to reach the registry', () => {
    expect(provider(swarm.json).registry_auth).toEqual([{ address: `http://${REGISTRY}`, auth_disabled: true }]);
    expect(provider(swarmWithout.json).registry_auth).toBeUndefined();
  });

  it("leaves the platforms Swarm adds to every service's placement at create to the engine, and keeps the stateful services' constraints", () => {
    for (const service of services(swarm.resources)) {
      expect([service.name, service.lifecycle?.ignore_changes]).toEqual([service.name, ['task_spec[0].placement[0].platforms']]);
      expect([service.name, service.task_spec.placement]).toEqual([service.name, expect.objectContaining({ max_replicas: 0 })]);
    }
    expect(serviceNamed(swarm, 'sentinel-redis').task_spec.placement?.constraints).toEqual(['node.labels.sentinel.redis==true']);
    expect(serviceNamed(swarm, 'sentinel-app').task_spec.placement?.constraints).toBeUndefined();
  });

  it('leaves an image that names its own registry and digest as given, asking no registry', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const synth = synthStack(withRegistry, (stack) => {
      const { MonitoredService } = require('../../../constructs/components/monitored-service') as typeof import('../../../constructs/components/monitored-service');
      new MonitoredService(stack, 'orders', { image: `registry.example.com/orders@${digest}`, port: 8000, route: '/orders/', healthcheck: { unavailableBecause: 'a test' } });
    });
    expect(serviceNamed(synth, 'sentinel-orders').task_spec.container_spec.image).toBe(`registry.example.com/orders@${digest}`);
  });

  it('refuses a registry address that is no host[:port] when the stack is built', () => {
    expect(() => synthStack({ engine: 'swarm', registry: { address: 'registry' } })).toThrow(InvalidPropError);
    expect(() => synthStack({ engine: 'swarm', registry: { address: 'registry' } })).toThrow(/^Invalid registry\.address: got "registry"/);
  });
});

describe('a Swarm stack without a registry, as before', () => {
  it('names each pinned image as pinned and the app by its local build, with no digest, push or placement of its own', () => {
    for (const [name, pinned] of Object.entries(PINNED)) {
      expect([name, serviceNamed(swarmWithout, `sentinel-${name}`).task_spec.container_spec.image]).toEqual([name, expect.stringMatching(/^\$\{docker_image\.[\w-]+\.name\}$/)]);
      const id = /^\$\{docker_image\.([\w-]+)\.name\}$/.exec(serviceNamed(swarmWithout, `sentinel-${name}`).task_spec.container_spec.image)![1]!;
      expect((swarmWithout.resources.docker_image as Record<string, { name: string }>)[id]!.name).toBe(pinned);
    }
    expect(dataSources(swarmWithout.json)).toEqual({});
    expect(swarmWithout.resources.docker_registry_image).toBeUndefined();
    expect(services(swarmWithout.resources).filter((service) => service.lifecycle !== undefined)).toEqual([]);
    expect(serviceNamed(swarmWithout, 'sentinel-app').task_spec.placement).toBeUndefined();
  });
});

describe('one host whose images come from a registry', () => {
  const host = synthStack({ registry: { address: 'registry.example.com' } });
  const images = Object.values(host.resources.docker_image as Record<string, { name: string; build?: { build_args?: Record<string, string> } }>);

  it('pulls every pinned image from the registry and builds the app on the host with its base from there, pushing nothing', () => {
    expect(images.filter((image) => !image.build).map((image) => image.name).sort()).toEqual(Object.values(IMAGES).map((ref) => `registry.example.com/${ref}`).sort());
    expect(images.filter((image) => image.build).map((image) => image.build)).toEqual([{ context: expect.any(String), build_args: { SENTINEL_REGISTRY: 'registry.example.com/' } }]);
    expect(host.resources.docker_registry_image).toBeUndefined();
    expect(provider(host.json).registry_auth).toEqual([{ address: 'https://registry.example.com' }]);
  });
});
