// Edits the Docker and swarm suites make to a declared stack before it is synthesized, read from
// SENTINEL_SUITE_EDITS: what a developer's change to the code would change in the synthesized stack.
import type { Duration } from '../../../config/duration';
import type { NginxConfigInput } from '../../../config/nginx';
import { IMAGES } from '../../../constructs/engine/images';
import type { SentinelStack } from '../../../constructs/stack/sentinel-stack';

export interface SuiteEdits {
  /** The orders service's probe interval, as an edit of its healthcheck would set it (the Docker suite's app declares it). */
  readonly ordersProbeInterval?: Duration;
  /** A description on the app's dashboard, as an edit of a dashboard's code would change its JSON. */
  readonly appDashboardDescription?: string;
  /** The gateway's client_max_body_size, as an edit of the gateway's limits would change nginx.conf. */
  readonly gatewayMaxBodySize?: string;
  /** Pinned images, as an edit of constructs/engine/images.ts would set them (the earlier pins of the upgrade test). */
  readonly images?: Partial<Record<keyof typeof IMAGES, string>>;
}

export function suiteEdits(): SuiteEdits {
  return JSON.parse(process.env.SENTINEL_SUITE_EDITS ?? '{}') as SuiteEdits;
}

/** The edits to what the stack is built from, made before the stack is declared. */
export function editSources(edits: SuiteEdits): void {
  Object.assign(IMAGES as Record<string, string>, edits.images);
}

/** The edits that touch the stack's own components, made before `app.synth()` renders their files. */
export function editStack(stack: SentinelStack, edits: SuiteEdits): void {
  if (edits.appDashboardDescription !== undefined) {
    (stack.demo!.app.dashboards[0]!.json as { description?: string }).description = edits.appDashboardDescription;
  }
  const { gatewayMaxBodySize } = edits;
  if (gatewayMaxBodySize !== undefined) {
    const declared = stack.gateway.nginxConfig;
    const edited = (): NginxConfigInput => ({ ...declared(), limits: { ...declared().limits, maxBodySize: gatewayMaxBodySize } });
    (stack.gateway as { nginxConfig: () => NginxConfigInput }).nginxConfig = edited;
  }
}
