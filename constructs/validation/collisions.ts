import type { DashboardFile } from '../../dashboards';
import type { IConstruct } from '../framework/framework';
import { metricsSourcesIn } from '../components/metrics-source';
import { monitoredServicesIn } from '../components/monitored-service';
import { ServiceContainer } from '../engine/service-container';
import { repeatedValues } from './validation';

function entries<T extends IConstruct, V>(constructs: readonly T[], value: (construct: T) => readonly V[]): { owner: string; value: V }[] {
  return constructs.flatMap((construct) => value(construct).map((v) => ({ owner: construct.node.path, value: v })));
}

/** One entry per distinct dashboard: the first source to bring it owns it. */
function distinct(dashboards: { owner: string; value: DashboardFile }[]): { owner: string; value: DashboardFile }[] {
  const seen = new Set<string>();
  return dashboards.filter(({ value }) => {
    const key = JSON.stringify(value.json);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Names two components of one stack must not share: Docker would refuse a second container of
 * one name, Prometheus a second job, Grafana a second dashboard uid, nginx a second location.
 * Every clash at once, each naming both constructs.
 */
export function nameCollisions(stack: IConstruct): string[] {
  const all = stack.node.findAll();
  const sources = metricsSourcesIn(stack);
  const services = monitoredServicesIn(stack);
  const containers = all.filter((construct): construct is ServiceContainer => construct instanceof ServiceContainer);
  return [
    ...repeatedValues('container name', entries(containers, (c) => c.names), String),
    ...repeatedValues('scrape job name', entries(sources, (s) => [s.scrapeJob.jobName]), String),
    // The same dashboard brought twice is one dashboard; two different ones under one uid clash.
    ...repeatedValues('dashboard uid', distinct(entries(sources, (s) => s.dashboards ?? [])), (d) => d.uid),
    ...repeatedValues('gateway route', entries(services, (s) => [s.gatewayRoute.pathPrefix]), String),
  ];
}
