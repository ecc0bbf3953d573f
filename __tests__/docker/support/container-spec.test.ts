import { containers, synthStack } from '../../support/synth-stack';
import { containerSpec, type ResolvedContainer, UnsupportedAttributeError } from './container-spec';

const synth = synthStack();
const raw = (name: string) => {
  const entry = Object.entries(synth.resources.docker_container!).find(([, body]) => (body as { name: string }).name === name);
  if (!entry) throw new Error(`no ${name}`);
  return { address: `docker_container.${entry[0]}`, body: entry[1] as ResolvedContainer };
};

describe('containerSpec', () => {
  it("maps the gateway's attributes to the Engine API calls the provider makes", () => {
    const { address, body } = raw('sentinel-gateway');
    const spec = containerSpec(address, body);
    const app = raw('sentinel-app').address;
    expect(spec.create).toMatchObject({
      name: 'sentinel-gateway',
      User: '101:101',
      Env: ['NGINX_ENTRYPOINT_QUIET_LOGS=1'],
      ExposedPorts: { '8080/tcp': {} },
      Healthcheck: { Test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8081/healthz'], Interval: 10e9, Timeout: 3e9, Retries: 5, StartPeriod: 10e9 },
      StopTimeout: 15,
      HostConfig: {
        PortBindings: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '80' }] },
        RestartPolicy: { Name: 'unless-stopped' },
        Memory: 64 * 1024 * 1024,
        MemorySwap: 64 * 1024 * 1024,
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true'],
        ReadonlyRootfs: false,
      },
    });
    expect(spec.create.Cmd).toBeUndefined();
    expect(spec.moreNetworks).toHaveLength(1);
    expect(Object.keys(spec.create.NetworkingConfig!.EndpointsConfig!)).toEqual([spec.create.HostConfig!.NetworkMode]);
    expect(spec.uploads.map((upload) => upload.path)).toEqual(['/etc/nginx/nginx.conf']);
    expect(spec).toMatchObject({ waitTimeoutSeconds: 120, destroyGraceSeconds: 15, dependsOn: [app], replaceTriggeredBy: [app] });
  });

  it('mounts volumes read-write and host paths read-only, and waits for no health where there is no healthcheck', () => {
    const prometheus = containerSpec(raw('sentinel-prometheus').address, raw('sentinel-prometheus').body);
    expect(prometheus.create.HostConfig!.Binds).toEqual([expect.stringMatching(/^\$\{docker_volume\.prometheus_data_\w+\.name\}:\/prometheus$/)]);
    const nodeExporter = containerSpec(raw('sentinel-node-exporter').address, raw('sentinel-node-exporter').body);
    expect(nodeExporter.create.HostConfig!.Binds).toEqual(['/:/host:ro']);
    expect(nodeExporter.create.HostConfig).toMatchObject({ NetworkMode: 'host', PidMode: 'host' });
    expect(nodeExporter.create.NetworkingConfig).toBeUndefined();
    expect(nodeExporter.dependsOn).toEqual([]);
    const nginxExporter = containerSpec(raw('sentinel-nginx-exporter').address, raw('sentinel-nginx-exporter').body);
    expect(nginxExporter.waitTimeoutSeconds).toBeUndefined();
  });

  it('maps every container the stack synthesizes', () => {
    expect(containers(synth).length).toBeGreaterThan(0);
    for (const name of containers(synth).map((c) => c.name)) expect(() => containerSpec(raw(name).address, raw(name).body)).not.toThrow();
  });

  it.each([
    ['an attribute it does not know', { privileged: true }, /docker_container\.x: the rehearsal does not understand "privileged"/],
    ['a nested attribute it does not know', { healthcheck: { test: ['CMD', 'true'], start_interval: '1s' } }, /x\.healthcheck: .*"start_interval"/],
    ['a duration Docker would not take', { healthcheck: { test: ['CMD', 'true'], interval: 'soon' } }, /x\.healthcheck\.interval: not a duration/],
    ['a volume without a source', { volumes: [{ container_path: '/data' }] }, /x\.volumes\[0\]: neither volume_name nor host_path/],
  ])('fails on %s, naming it', (_what, extra, message) => {
    expect(() => containerSpec('docker_container.x', { name: 'x', image: 'i', ...extra })).toThrow(UnsupportedAttributeError);
    expect(() => containerSpec('docker_container.x', { name: 'x', image: 'i', ...extra })).toThrow(message);
  });
});
