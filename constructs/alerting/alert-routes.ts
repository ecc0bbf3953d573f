import type { AlertRoute, RoutedSeverity } from '../../config/alertmanager';
import { InvalidPropError, invalidProp, requireDistinct } from '../validation/validation';

/** Alerts of one severity, and optionally one job, to receivers; the first route that matches an alert takes it. */
export interface AlertRouteProps {
  /** Severity of the alerts it takes: `critical` or `warning` (no default). */
  readonly severity: RoutedSeverity;
  /** Only the alerts of this scrape job, e.g. `app` (default: every job). */
  readonly job?: string;
  /** Names of declared receivers, every one notified; at least one (no default). */
  readonly receivers: readonly string[];
}

const SEVERITIES: readonly RoutedSeverity[] = ['critical', 'warning'];

/** The routes the props declare, checked at synth time against the declared receivers. */
export function declaredRoutes(props: readonly AlertRouteProps[] | undefined, receiverNames: readonly string[]): AlertRoute[] {
  const list = props ?? [];
  if (!Array.isArray(list)) throw new InvalidPropError('alertmanager.routes', list, 'a list of routes');
  const routes = list.map((route: AlertRouteProps, i): AlertRoute => {
    const prop = `alertmanager.routes[${i}]`;
    if (!SEVERITIES.includes(route?.severity)) throw new InvalidPropError(`${prop}.severity`, route?.severity, `one of ${SEVERITIES.join(', ')}`);
    if (route.job !== undefined && (typeof route.job !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(route.job))) {
      throw new InvalidPropError(`${prop}.job`, route.job, 'a scrape job name such as app');
    }
    if (!Array.isArray(route.receivers) || route.receivers.length === 0) {
      throw new InvalidPropError(`${prop}.receivers`, route.receivers, 'a list of at least one receiver name');
    }
    route.receivers.forEach((name, j) => {
      if (!receiverNames.includes(name)) {
        const declared = receiverNames.length > 0 ? receiverNames.join(', ') : 'none is declared';
        throw new InvalidPropError(`${prop}.receivers[${j}]`, name, `the name of a receiver in alertmanager.receivers (${declared})`);
      }
    });
    requireDistinct(`${prop}.receivers`, route.receivers.map((name, j) => ({ owner: `${prop}.receivers[${j}]`, value: name })), (name) => name);
    return { severity: route.severity, job: route.job, receivers: [...route.receivers] };
  });
  receiverNames.forEach((name, i) => {
    // Its secret would be asked for at every apply, and nobody would ever be notified through it.
    if (!routes.some((route) => route.receivers.includes(name))) {
      throw new InvalidPropError(`alertmanager.receivers[${i}].name`, name, 'a receiver that some alertmanager.routes entry names');
    }
  });
  return routes;
}

/** Every route whose job is not one the stack scrapes, as messages: such a route would never match. */
export function unknownRouteJobs(routes: readonly AlertRoute[], jobs: readonly string[]): string[] {
  return routes.flatMap((route, i) =>
    route.job !== undefined && !jobs.includes(route.job)
      ? [invalidProp(`alertmanager.routes[${i}].job`, route.job, `one of the stack's scrape jobs (${jobs.join(', ')})`)]
      : [],
  );
}
