import { readFileSync } from 'node:fs';
import type { ProvisionedDashboard } from '../../live/support/live-panels';

/** The dashboards the synthesized stack hands Grafana as Swarm configs, decoded. */
export function grafanaDashboards(stackFile: string, grafanaService: string): ProvisionedDashboard[] {
  const { resource } = JSON.parse(readFileSync(stackFile, 'utf8')) as {
    resource: {
      docker_service: Record<string, { name: string; task_spec: { container_spec: { configs?: { config_id: string; file_name: string }[] } } }>;
      docker_config: Record<string, { data: string }>;
    };
  };
  const grafana = Object.values(resource.docker_service).find((body) => body.name === grafanaService);
  return (grafana?.task_spec.container_spec.configs ?? [])
    .filter((config) => config.file_name.startsWith('/etc/grafana/dashboards/'))
    .map((config) => {
      const id = /^\$\{docker_config\.([\w-]+)\.id\}$/.exec(config.config_id)?.[1] ?? '';
      return JSON.parse(Buffer.from(resource.docker_config[id]!.data, 'base64').toString('utf8')) as ProvisionedDashboard;
    });
}

/** `node.labels.<key>==<value>` constraints of the synthesized services: the labels an operator puts on the node for them. */
export function placementLabels(stackFile: string): Record<string, string> {
  const services = (JSON.parse(readFileSync(stackFile, 'utf8')) as { resource: { docker_service?: Record<string, { task_spec: { placement?: { constraints?: string[] } } }> } })
    .resource.docker_service ?? {};
  const constraints = Object.values(services).flatMap((body) => body.task_spec.placement?.constraints ?? []);
  return Object.fromEntries(
    constraints.map((constraint) => {
      const match = /^node\.labels\.([^=!]+)==(.+)$/.exec(constraint.replace(/\s/g, ''));
      if (!match) throw new Error(`placement constraint ${constraint}: the suite only sets node labels`);
      return [match[1]!, match[2]!];
    }),
  );
}
