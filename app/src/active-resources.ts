import { Gauge, Registry } from 'prom-client';

// Node's own lists, which prom-client reads too; only getActiveResourcesInfo is public API.
const nodeProcess = process as NodeJS.Process & {
  _getActiveHandles(): unknown[];
  _getActiveRequests(): unknown[];
};

const classNameOf = (item: unknown): string | undefined =>
  (item as { constructor?: { name?: string } } | null)?.constructor?.name;

interface ActiveFamily {
  /** The by-type gauge; `<name>_total` is the count of all. */
  readonly name: string;
  readonly help: string;
  readonly totalHelp: string;
  /** What keeps the event loop alive now, one entry per item. */
  readonly read: () => readonly unknown[];
  /** The `type` label of an item; undefined leaves it out of the by-type gauge, as prom-client does. */
  readonly typeOf: (item: unknown) => string | undefined;
}

/** prom-client's three families, with its names and help. */
const FAMILIES: readonly ActiveFamily[] = [
  {
    name: 'nodejs_active_handles',
    help: 'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.',
    totalHelp: 'Total number of active handles.',
    read: () => nodeProcess._getActiveHandles(),
    typeOf: classNameOf,
  },
  {
    name: 'nodejs_active_requests',
    help: 'Number of active libuv requests grouped by request type. Every request type is C++ class name.',
    totalHelp: 'Total number of active requests.',
    read: () => nodeProcess._getActiveRequests(),
    typeOf: classNameOf,
  },
  {
    name: 'nodejs_active_resources',
    help: 'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    totalHelp: 'Total number of active resources.',
    read: () => process.getActiveResourcesInfo(),
    typeOf: (item) => item as string,
  },
];

/** Names of the gauges this module exposes. */
export const ACTIVE_RESOURCE_NAMES: readonly string[] = FAMILIES.flatMap(({ name }) => [name, `${name}_total`]);

/**
 * Replaces the nodejs_active_{handles,requests,resources} gauges and their totals that
 * collectDefaultMetrics put in `registry` with the same series, each list read once per scrape:
 * prom-client reads it again for the total, and a list holds every open socket (about 0.03 ms
 * per read with the gateway's pooled connections open).
 */
export function replaceActiveResourceMetrics(registry: Registry): void {
  for (const family of FAMILIES) {
    // prom-client leaves out a family whose list this Node does not offer; so does this.
    if (registry.getSingleMetric(family.name) === undefined) continue;
    const totalName = `${family.name}_total`;
    for (const name of [family.name, totalName]) registry.removeSingleMetric(name);
    const total = new Gauge({ name: totalName, help: family.totalHelp, registers: [] });
    new Gauge({
      name: family.name,
      help: family.help,
      labelNames: ['type'],
      registers: [registry],
      collect() {
        const items = family.read();
        const byType = new Map<string, number>();
        for (const item of items) {
          const type = family.typeOf(item);
          if (type !== undefined) byType.set(type, (byType.get(type) ?? 0) + 1);
        }
        this.reset();
        for (const [type, count] of byType) this.set({ type }, count);
        total.set(items.length);
      },
    });
    // Registered after the by-type gauge: the registry reads its metrics in order, and that collect sets this one.
    registry.registerMetric(total);
  }
}
