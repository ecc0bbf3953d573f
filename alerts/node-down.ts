import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';

/**
 * How far back NodeDown looks for the most nodes seen at once. Prometheus knows a Swarm's nodes
 * only by the exporters it finds, so a node taken out of the swarm on purpose is indistinguishable
 * from a lost one until it has been gone this long.
 */
export const NODES_SEEN_WITHIN: Duration = '1h';

// Nodes, not tasks: an update of the exporter runs two tasks on a node for a moment, and each
// task names its node (the service's hostname is the node's). `count` of nothing is no result.
const nodesReporting = (jobName: string) => `(count(count by (nodename) (node_uname_info{job="${jobName}"})) or vector(0))`;

/**
 * One alert per job that runs on every node of a Swarm: fewer nodes report than did within
 * NODES_SEEN_WITHIN, for `forDuration`. A warning: the services' own alerts say what the node
 * took with it.
 */
export function nodeDownAlerts(jobs: readonly ScrapeJob[], forDuration: Duration): AlertingRule[] {
  return jobs
    .filter((job) => job.onEveryNode)
    .sort((a, b) => a.jobName.localeCompare(b.jobName))
    .map((job) => ({
      alert: 'NodeDown',
      expr: `${nodesReporting(job.jobName)} < max_over_time(${nodesReporting(job.jobName)}[${NODES_SEEN_WITHIN}:])`,
      for: forDuration,
      severity: 'warning',
      labels: { job: job.jobName },
      summary: '{{ $value }} nodes report to Prometheus, fewer than within the last hour',
      description: `A node whose ${job.jobName} exporter answered within the last ${NODES_SEEN_WITHIN} has not for ${forDuration}: the node is down, cut off from Prometheus, or was taken out of the swarm (then this resolves ${NODES_SEEN_WITHIN} after it left).`,
    }));
}
