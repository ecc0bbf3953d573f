import { UnsupportedAttributeError } from './container-spec';
import { type ResolvedService, serviceSpec } from './swarm-service-spec';

/** An app service as the swarm stack declares it, its references already resolved. */
const APP: ResolvedService = {
  name: 'sentinel-app',
  task_spec: {
    container_spec: {
      image: 'sentinel-app:0123456789ab',
      args: ['node', 'dist/server.js'],
      env: { PORT: '8080', REDIS_URL: 'redis://redis:6379' },
      user: '1000:1000',
      read_only: true,
      cap_drop: ['ALL'],
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz'], interval: '10s', timeout: '3s', retries: 5, start_period: '10s' },
      stop_grace_period: '15s',
      configs: [{ config_id: 'cfg-id', config_name: 'sentinel-app-abc', file_name: '/etc/app/app.json' }],
      secrets: [{ secret_id: 'sec-id', secret_name: 'sentinel-app-token-def', file_name: 'token', file_mode: 0o400, file_uid: '1000' }],
      mounts: [
        { target: '/data', source: 'sentinel-app-data', type: 'volume' },
        { target: '/host', source: '/', type: 'bind', read_only: true },
      ],
    },
    networks_advanced: [
      { name: 'edge-id', aliases: ['app'] },
      { name: 'monitoring-id', aliases: ['app'] },
    ],
    resources: { limits: { memory_bytes: 256 * 1024 * 1024 } },
    restart_policy: { condition: 'any', delay: '5s' },
    placement: { constraints: ['node.labels.sentinel.app==true'] },
    log_driver: { name: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
  },
  mode: { replicated: { replicas: 3 } },
  update_config: { parallelism: 1, order: 'start-first', failure_action: 'rollback', monitor: '30s', delay: '5s' },
  rollback_config: { parallelism: 1, order: 'start-first', monitor: '30s' },
  endpoint_spec: { ports: [{ target_port: 8080, published_port: 18080, publish_mode: 'host' }] },
  converge_config: { delay: '5s', timeout: '3m' },
  depends_on: ['docker_service.redis_service_0A1B2C', 'docker_config.app_file_1'],
  lifecycle: { create_before_destroy: true },
};

const SECOND = 1e9;

describe('serviceSpec', () => {
  const spec = serviceSpec('docker_service.app', APP);

  it('maps the container spec: image, arguments, env as KEY=value, user, read-only root, capabilities, healthcheck in nanoseconds', () => {
    expect(spec.create.TaskTemplate).toMatchObject({
      ContainerSpec: {
        Image: 'sentinel-app:0123456789ab',
        Args: ['node', 'dist/server.js'],
        Env: ['PORT=8080', 'REDIS_URL=redis://redis:6379'],
        User: '1000:1000',
        ReadOnly: true,
        CapabilityDrop: ['ALL'],
        HealthCheck: { Test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz'], Interval: 10 * SECOND, Timeout: 3 * SECOND, Retries: 5, StartPeriod: 10 * SECOND },
        StopGracePeriod: 15 * SECOND,
      },
    });
  });

  it("delivers configs and secrets with the provider's owner and mode where the stack sets none", () => {
    const container = (spec.create.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;
    expect(container.Configs).toEqual([{ ConfigID: 'cfg-id', ConfigName: 'sentinel-app-abc', File: { Name: '/etc/app/app.json', UID: '0', GID: '0', Mode: 0o444 } }]);
    expect(container.Secrets).toEqual([{ SecretID: 'sec-id', SecretName: 'sentinel-app-token-def', File: { Name: 'token', UID: '1000', GID: '0', Mode: 0o400 } }]);
    expect(container.Mounts).toEqual([
      { Target: '/data', Source: 'sentinel-app-data', Type: 'volume', ReadOnly: false },
      { Target: '/host', Source: '/', Type: 'bind', ReadOnly: true },
    ]);
  });

  it('maps networks with their aliases, the memory limit, restarts, placement and logging', () => {
    expect(spec.create.TaskTemplate).toMatchObject({
      Networks: [
        { Target: 'edge-id', Aliases: ['app'] },
        { Target: 'monitoring-id', Aliases: ['app'] },
      ],
      Resources: { Limits: { MemoryBytes: 256 * 1024 * 1024 } },
      RestartPolicy: { Condition: 'any', Delay: 5 * SECOND },
      Placement: { Constraints: ['node.labels.sentinel.app==true'] },
      LogDriver: { Name: 'json-file', Options: { 'max-size': '10m', 'max-file': '3' } },
    });
  });

  it('maps replicas, the rolling update and its rollback (with the provider defaults for what the stack leaves out), and the published port', () => {
    expect(spec.replicas).toBe(3);
    expect(spec.create.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.create.UpdateConfig).toEqual({ Parallelism: 1, Order: 'start-first', FailureAction: 'rollback', Monitor: 30 * SECOND, Delay: 5 * SECOND, MaxFailureRatio: 0 });
    expect(spec.create.RollbackConfig).toEqual({ Parallelism: 1, Order: 'start-first', FailureAction: 'pause', Monitor: 30 * SECOND, Delay: 0, MaxFailureRatio: 0 });
    expect(spec.create.EndpointSpec).toEqual({ Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 8080, PublishedPort: 18080, PublishMode: 'host', Name: undefined }] });
  });

  it('waits for convergence as configured, and orders itself after the services it depends on only', () => {
    expect(spec.converge).toEqual({ delayMs: 5_000, timeoutMs: 180_000 });
    expect(spec.dependsOn).toEqual(['docker_service.redis_service_0A1B2C']);
  });

  it('takes a global service (one task per node) and publishes on the ingress unless told otherwise', () => {
    const global = serviceSpec('docker_service.node', {
      name: 'node-exporter',
      task_spec: { container_spec: { image: 'i' } },
      mode: { global: true },
      endpoint_spec: { ports: [{ target_port: 9100, published_port: 9100 }] },
    });
    expect(global.create.Mode).toEqual({ Global: {} });
    expect(global.replicas).toBeUndefined();
    expect(global.create.EndpointSpec!.Ports![0]!.PublishMode).toBe('ingress');
    expect(global.converge).toBeUndefined();
  });

  it.each([
    ['a service attribute it does not know', { auth: {} }, /docker_service\.x: the rehearsal does not understand "auth"/],
    ['a container attribute it does not know', { task_spec: { container_spec: { image: 'i', privileges: {} } } }, /x\.task_spec\.container_spec: .*"privileges"/],
    ['a task attribute it does not know', { task_spec: { container_spec: { image: 'i' }, runtime: 'plugin' } }, /x\.task_spec: .*"runtime"/],
    ['a mount option it does not know', { task_spec: { container_spec: { image: 'i', mounts: [{ target: '/t', source: 's', type: 'volume', volume_options: {} }] } } }, /mounts\[0\]: .*"volume_options"/],
    ['a mount type it does not know', { task_spec: { container_spec: { image: 'i', mounts: [{ target: '/t', source: 's', type: 'npipe' }] } } }, /mounts\[0\]\.type: not a mount type/],
    ['a config without a file name', { task_spec: { container_spec: { image: 'i', configs: [{ config_id: 'c' }] } } }, /configs\[0\]\.file_name: required/],
    ['a rollout setting it does not know', { update_config: { parallelism: 1, max_surge: 2 } }, /x\.update_config: .*"max_surge"/],
    ['a port setting it does not know', { endpoint_spec: { ports: [{ target_port: 80, host_ip: '127.0.0.1' }] } }, /endpoint_spec\.ports\[0\]: .*"host_ip"/],
    ['a duration it cannot read', { converge_config: { delay: 'soon' } }, /x\.converge_config\.delay: not a duration/],
    ['both modes at once', { mode: { global: true, replicated: { replicas: 2 } } }, /x\.mode: both global and replicated/],
    ['env as a list instead of a map', { task_spec: { container_spec: { image: 'i', env: ['A=1'] } } }, /container_spec\.env: expected a map/],
  ])('fails on %s, naming it', (_what, extra, message) => {
    const service = { name: 'x', task_spec: { container_spec: { image: 'i' } }, ...extra };
    expect(() => serviceSpec('docker_service.x', service)).toThrow(UnsupportedAttributeError);
    expect(() => serviceSpec('docker_service.x', service)).toThrow(message);
  });
});
