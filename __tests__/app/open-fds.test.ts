import type { Stats } from 'node:fs';
import { createMetrics } from '../../app/src/metrics';
import { openFileDescriptors } from '../../app/src/open-fds';
import { parsePrometheusText, samplesOf } from '../support/app-prometheus';

// The module object itself (not an import namespace), so its functions can be spied on.
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');

// What prom-client counted: the listing, less the descriptor the listing itself held.
const listed = (): number => fs.readdirSync('/proc/self/fd').length - 1;

describe('openFileDescriptors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts what a listing of /proc/self/fd counts, and follows descriptors opened and closed', () => {
    expect(openFileDescriptors()).toBe(listed());
    const before = openFileDescriptors();
    const opened = Array.from({ length: 20 }, () => fs.openSync('/dev/null', 'r'));
    try {
      expect(openFileDescriptors()).toBe(before + 20);
    } finally {
      for (const fd of opened) fs.closeSync(fd);
    }
    expect(openFileDescriptors()).toBe(before);
  });

  it('lists the directory on kernels before 6.2, whose stat() of /proc/self/fd reports a size of 0', () => {
    const stat = jest.spyOn(fs, 'statSync').mockReturnValue({ size: 0 } as Stats);
    const listing = jest.spyOn(fs, 'readdirSync');
    expect(openFileDescriptors()).toBe(listed());
    expect(stat).toHaveBeenCalledWith('/proc/self/fd');
    expect(listing).toHaveBeenCalledWith('/proc/self/fd');
  });

  it('takes the count from stat() alone where the kernel reports it (Linux 6.2 and later)', () => {
    jest.spyOn(fs, 'statSync').mockReturnValue({ size: 42 } as Stats);
    const listing = jest.spyOn(fs, 'readdirSync');
    expect(openFileDescriptors()).toBe(42);
    expect(listing).not.toHaveBeenCalled();
  });

  it('is what process_open_fds reports, in place of the gauge collectDefaultMetrics adds', async () => {
    const metrics = createMetrics();
    const exposition = parsePrometheusText(await metrics.exposition());
    expect(exposition.types.get('process_open_fds')).toBe('gauge');
    expect(samplesOf(exposition, 'process_open_fds').map((sample) => sample.value)).toEqual([openFileDescriptors()]);
  });
});
