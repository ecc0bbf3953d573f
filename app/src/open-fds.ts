import { readdirSync, statSync } from 'node:fs';
import { Gauge, Registry } from 'prom-client';

const OPEN_FDS = 'process_open_fds';
const FD_DIR = '/proc/self/fd';

/**
 * The number of file descriptors this process has open. Since Linux 6.2 the size that stat()
 * reports for /proc/<pid>/fd is that number, a constant-time read; listing the directory, as
 * prom-client does, costs about 0.5 µs per descriptor, 0.1 ms per scrape with the gateway's
 * pooled connections open. Earlier kernels report a size of 0, and get the listing.
 */
export function openFileDescriptors(): number {
  const { size } = statSync(FD_DIR);
  // The listing holds the descriptor it reads the directory through; stat() holds none.
  return size > 0 ? size : readdirSync(FD_DIR).length - 1;
}

/** Replaces the process_open_fds gauge that collectDefaultMetrics put in `registry` (Linux only). */
export function replaceOpenFdsMetric(registry: Registry): void {
  if (registry.getSingleMetric(OPEN_FDS) === undefined) return;
  registry.removeSingleMetric(OPEN_FDS);
  new Gauge({
    name: OPEN_FDS,
    help: 'Number of open file descriptors.',
    registers: [registry],
    collect() {
      this.set(openFileDescriptors());
    },
  });
}
