import { NodeExporter } from '../../../constructs/components/node-exporter';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed, serviceNamed } from '../../support/synth-stack';

const synth = synthConstruct((scope) => new NodeExporter(scope, 'node-exporter'));
const nodeExporter = containerNamed(synth, 'sentinel-node-exporter');

describe('NodeExporter', () => {
  it("runs in the host's network and PID namespaces, joining none of the stack's networks", () => {
    expect([nodeExporter.network_mode, nodeExporter.pid_mode]).toEqual(['host', 'host']);
    expect(nodeExporter.networks_advanced).toBeUndefined();
    expect(nodeExporter.ports ?? []).toEqual([]);
  });

  it("listens on the host's address on the monitoring network only, once that network exists", () => {
    expect(nodeExporter.command).toEqual(expect.arrayContaining(['--path.rootfs=/host', '--web.listen-address=172.28.30.1:9100']));
    expect(nodeExporter.depends_on).toEqual([expect.stringMatching(/^docker_network\.networks_monitoring_\w+$/)]);
    expect(synth.construct.hostListener).toEqual({ host: '172.28.30.1', port: 9100 });
    expect(synth.construct.scrapeJob).toEqual({ jobName: 'node', targets: [{ host: '172.28.30.1', port: 9100 }], severityWhenDown: 'warning' });
    expect(nodeExporter.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://172.28.30.1:9100/']);
  });

  it('leaves container and pseudo filesystems out of the host filesystem metrics', () => {
    expect(nodeExporter.command).toContain('--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)');
  });

  it('listens on every address of its task on a Swarm, probed on loopback', () => {
    const swarm = serviceNamed(synthConstruct((scope) => new NodeExporter(scope, 'node-exporter'), { engine: 'swarm' }), 'sentinel-node-exporter').task_spec.container_spec;
    expect(swarm.args).toContain('--web.listen-address=:9100');
    expect(swarm.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9100/']);
  });

  it('moves its address with the monitoring subnet', () => {
    const moved = synthConstruct((scope) => new NodeExporter(scope, 'node-exporter'), { networks: { monitoringSubnet: '10.20.30.0/24' } });
    expect(containerNamed(moved, 'sentinel-node-exporter').command).toContain('--web.listen-address=10.20.30.1:9100');
    expect(moved.construct.scrapeJob.targets).toEqual([{ host: '10.20.30.1', port: 9100 }]);
  });

  it("reads the host's root, mounted read-only, on a read-only root filesystem of its own", () => {
    expect(nodeExporter.volumes?.map((v) => [v.host_path, v.container_path, v.read_only])).toEqual([['/', '/host', true]]);
    expect(nodeExporter.read_only).toBe(true);
  });
});
