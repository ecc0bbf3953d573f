import type { ServiceContainer, ServiceContainerProps } from '../../../constructs/engine/service-container';
import { synthConstruct } from '../../support/construct-scope';
import { PROBE_PROPS, probeService as service } from '../../support/probe-service';
import { containerNamed, containers, networkRolesOf, resourceNames, uploadedFile } from '../../support/synth-stack';

const synthService = (props: Partial<ServiceContainerProps> = {}) =>
  containerNamed(synthConstruct((scope) => service(scope, props)), `sentinel-${props.serviceName ?? PROBE_PROPS.serviceName}`);

const minimal = synthService();

describe('ServiceContainer', () => {
  it('is hardened: restart, memory limit, rotated logs, no capabilities, no privilege escalation, the user it is given', () => {
    const { restart, memory, log_driver, log_opts, capabilities, security_opts, user, read_only } = minimal;
    expect({ restart, memory, log_driver, log_opts, capabilities, security_opts, user, read_only }).toEqual({
      restart: 'unless-stopped',
      memory: 48,
      log_driver: 'json-file',
      log_opts: { 'max-size': '10m', 'max-file': '3' },
      capabilities: { drop: ['ALL'] },
      security_opts: ['no-new-privileges:true'],
      user: 'nobody',
      read_only: false,
    });
  });

  it('keeps memory_swap, which hosts without swap accounting report as -1, out of every plan', () => {
    expect([minimal.memory_swap, minimal.lifecycle?.ignore_changes]).toEqual([48, ['memory_swap']]);
  });

  it('is named after the prefix and its service name, which is also its alias on every network it joins', () => {
    const joined = synthService({ networks: ['edge', 'internal'] });
    expect(joined.name).toBe('sentinel-probe');
    expect(networkRolesOf(joined)).toEqual(['edge', 'internal']);
    expect(joined.networks_advanced?.map((n) => n.aliases)).toEqual([['probe'], ['probe']]);
  });

  it('pulls an image given by reference and keeps it on the host', () => {
    const synth = synthConstruct((scope) => service(scope));
    expect(resourceNames(synth, 'docker_image')).toEqual(['example/probe:1.0.0']);
    expect(Object.values(synth.resources.docker_image!)).toEqual([expect.objectContaining({ keep_locally: true })]);
    expect(containers(synth)[0]!.image).toMatch(/^\$\{docker_image\.probe_image_\w+\.image_id\}$/);
  });

  it('probes an exec-form or a shell healthcheck and has Terraform wait for it', () => {
    expect(minimal.healthcheck).toEqual({ test: ['CMD', 'probe', '--ready'], interval: '10s', timeout: '3s', retries: 5, start_period: '10s' });
    expect([minimal.wait, minimal.wait_timeout]).toEqual([true, 120]);
    const shell = synthService({ healthcheck: { shellCommand: 'probe | grep -q ok', interval: '30s', startPeriod: '1m' } });
    expect(shell.healthcheck).toMatchObject({ test: ['CMD-SHELL', 'probe | grep -q ok'], interval: '30s', start_period: '1m' });
  });

  it('waits on nothing where there is nothing to probe with', () => {
    const unprobed = synthService({ healthcheck: { unavailableBecause: 'the image is FROM scratch' } });
    expect(unprobed.healthcheck).toBeUndefined();
    expect(unprobed.wait).toBe(false);
  });

  it('gives in-flight requests 15 s to drain when stopped or destroyed', () => {
    expect([minimal.stop_timeout, minimal.destroy_grace_seconds]).toEqual([15, 15]);
  });

  it('leaves empty lists out of the synthesized container', () => {
    for (const absent of ['command', 'env', 'ports', 'volumes', 'upload', 'depends_on'] as const) expect([absent, minimal[absent]]).toEqual([absent, undefined]);
    expect(synthService({ healthcheck: { unavailableBecause: 'nothing to probe with' } }).lifecycle?.replace_triggered_by).toBeUndefined();
  });

  it('is replaced when its probe changes, through a record of the probe (the provider would update the probe in place, never reaching the engine)', () => {
    const probeRecords = (synth: ReturnType<typeof synthConstruct>) => Object.values(synth.resources.terraform_data ?? {}) as { triggers_replace: unknown }[];
    const synth = synthConstruct((scope) => service(scope, { healthcheck: { command: ['true'], interval: '7s' } }));
    expect(probeRecords(synth).map((record) => record.triggers_replace)).toEqual([{ test: ['CMD', 'true'], interval: '7s', timeout: '3s', retries: 5, startPeriod: '10s' }]);
    expect(containers(synth)[0]!.lifecycle?.replace_triggered_by).toEqual([expect.stringMatching(/^terraform_data\.probe_healthcheck_\w+$/)]);
  });

  it('passes env as KEY=value, publishes the ports it is given, and uploads files as Terraform must take them literally', () => {
    const configured = synthService({
      env: { MODE: 'strict', LEVEL: '3' },
      publish: [{ containerPort: 8080, hostPort: 18080, hostIp: '127.0.0.1' }],
      files: [{ path: '/etc/probe.conf', content: 'greeting ${name} %{if}' }],
    });
    expect(configured.env).toEqual(['MODE=strict', 'LEVEL=3']);
    expect(configured.ports).toEqual([{ internal: 8080, external: 18080, ip: '127.0.0.1' }]);
    expect(configured.upload?.[0]?.content).toBe('greeting $${name} %%{if}');
    expect(uploadedFile(configured, '/etc/probe.conf')).toBe('greeting ${name} %{if}');
  });

  it('renders files given as a function at synth time, once every construct is in the scope', () => {
    let later = 'not yet';
    const synth = synthConstruct((scope) => {
      service(scope, { files: () => [{ path: '/etc/late.conf', content: later }] });
      later = 'added after';
    });
    expect(uploadedFile(containers(synth)[0]!, '/etc/late.conf')).toBe('added after');
  });

  it('starts after its upstreams and is replaced when one of them is replaced, not when it is updated', () => {
    const synth = synthConstruct((scope) => {
      const upstream = service(scope, { serviceName: 'upstream' }, 'upstream');
      service(scope, { upstreams: () => [upstream] });
    });
    const downstream = containerNamed(synth, 'sentinel-probe');
    expect(downstream.depends_on).toEqual([expect.stringMatching(/^docker_container\.upstream_container_\w+$/)]);
    expect(downstream.lifecycle?.replace_triggered_by).toEqual([expect.stringMatching(/^docker_container\.upstream_container_\w+\.id$/), expect.stringMatching(/^terraform_data\./)]);
  });

  it("joins no network in the host's namespaces, starting after the network it listens on", () => {
    const hosted = synthService({ networks: [], hostNamespaces: { listensOn: 'monitoring' } });
    expect([hosted.network_mode, hosted.pid_mode, hosted.networks_advanced]).toEqual(['host', 'host', undefined]);
    expect(hosted.depends_on).toEqual([expect.stringMatching(/^docker_network\.networks_monitoring_\w+$/)]);
  });

  it("refuses networks for a container in the host's network namespace", () => {
    expect(() => synthService({ hostNamespaces: { listensOn: 'monitoring' } })).toThrow(
      "probe: a container in the host's network namespace joins no other network",
    );
  });

  describe('with replicas on one host', () => {
    it('runs a container each, named and aliased <name>, <name>-2, …, and answers under those names', () => {
      let probe: ServiceContainer | undefined;
      const synth = synthConstruct((scope) => {
        probe = service(scope, { replicas: 3, networks: ['edge', 'monitoring'] });
      });
      const byName = containers(synth).sort((a, b) => a.name.localeCompare(b.name));
      expect(byName.map((container) => [container.name, container.networks_advanced?.map((n) => n.aliases)])).toEqual([
        ['sentinel-probe', [['probe'], ['probe']]],
        ['sentinel-probe-2', [['probe-2'], ['probe-2']]],
        ['sentinel-probe-3', [['probe-3'], ['probe-3']]],
      ]);
      expect(probe?.names).toEqual(['probe', 'probe-2', 'probe-3']);
      expect(probe?.resources).toHaveLength(3);
    });

    it('has a service downstream of it start after every replica and be replaced with any', () => {
      const synth = synthConstruct((scope) => {
        const upstream = service(scope, { serviceName: 'upstream', replicas: 2 }, 'upstream');
        service(scope, { upstreams: () => [upstream] });
      });
      const downstream = containerNamed(synth, 'sentinel-probe');
      expect(downstream.depends_on).toEqual([
        expect.stringMatching(/^docker_container\.upstream_container_\w+$/),
        expect.stringMatching(/^docker_container\.upstream_container-2_\w+$/),
      ]);
      expect(downstream.lifecycle?.replace_triggered_by?.filter((trigger) => trigger.startsWith('docker_container.'))).toHaveLength(2);
    });

    it.each<[string, Partial<ServiceContainerProps>]>([
      ['a published port', { publish: [{ containerPort: 80, hostPort: 8080, hostIp: '127.0.0.1' }] }],
      ['a host directory', { volumes: [{ containerPath: '/data', hostPath: '/srv/data' }] }],
      ["the host's namespaces", { networks: [], hostNamespaces: { listensOn: 'monitoring' } }],
    ])('refuses more than one of a container with %s, which two would claim at once', (_what, props) => {
      expect(() => synthService({ ...props, replicas: 2 })).toThrow(
        "probe: one container on one host, as it mounts volumes, publishes ports or shares the host's namespaces",
      );
    });
  });
});
