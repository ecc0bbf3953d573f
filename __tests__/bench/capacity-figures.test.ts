import { chunkBytes, memoryPerSeries, metricTotal, prometheusReading, samplesPerDay } from '../../bench/capacity-figures';

describe('samplesPerDay', () => {
  it('is 17,280 per series at the stack\'s 5 s interval', () => {
    expect(samplesPerDay(5)).toBe(17_280);
  });
});

describe('metricTotal', () => {
  const exposition = [
    '# TYPE prometheus_tsdb_head_samples_appended_total counter',
    'prometheus_tsdb_head_samples_appended_total{type="float"} 100',
    'prometheus_tsdb_head_samples_appended_total{type="histogram"} 5',
    'prometheus_tsdb_head_series 40',
    'prometheus_tsdb_head_series_created_total 41',
  ].join('\n');

  it('adds up every label set of the metric', () => {
    expect(metricTotal(exposition, 'prometheus_tsdb_head_samples_appended_total')).toBe(105);
  });

  it('does not mistake a longer name for the metric', () => {
    expect(metricTotal(exposition, 'prometheus_tsdb_head_series')).toBe(40);
  });

  it('is undefined for a metric the exposition lacks', () => {
    expect(metricTotal(exposition, 'go_memstats_heap_inuse_bytes')).toBeUndefined();
  });
});

describe('prometheusReading and memoryPerSeries', () => {
  const reading = (series: number, rss: number, heap: number, appended?: number) =>
    prometheusReading(
      [
        `prometheus_tsdb_head_series ${series}`,
        `process_resident_memory_bytes ${rss}`,
        `go_memstats_heap_inuse_bytes ${heap}`,
        ...(appended === undefined ? [] : [`prometheus_tsdb_head_samples_appended_total{type="float"} ${appended}`]),
      ].join('\n'),
    );

  it('reads no samples appended from a Prometheus that has appended none', () => {
    expect(reading(0, 40e6, 20e6).samplesAppended).toBe(0);
  });

  it('divides the extra memory by the extra series', () => {
    expect(memoryPerSeries(reading(0, 40e6, 20e6), reading(10_000, 80e6, 45e6, 1e6))).toEqual({
      seriesAdded: 10_000,
      residentBytesPerSeries: 4_000,
      heapInuseBytesPerSeries: 2_500,
    });
  });

  it('refuses a comparison in which the loaded Prometheus holds no more series', () => {
    expect(() => memoryPerSeries(reading(5, 40e6, 20e6), reading(5, 41e6, 20e6))).toThrow('no more series');
  });
});

describe('chunkBytes', () => {
  const chunks = [
    { samples: 120, dataBytes: 120, storedBytes: 152 },
    { samples: 118, dataBytes: 236, storedBytes: 268 },
    { samples: 40, dataBytes: 200, storedBytes: 231 },
  ];

  it('gives bytes per sample over every chunk', () => {
    expect(chunkBytes(chunks)).toEqual({ chunks: 3, samples: 278, dataBytesPerSample: 556 / 278, storedBytesPerSample: 651 / 278 });
  });

  it('can keep only the chunks of a given length', () => {
    expect(chunkBytes(chunks, 110, 130)).toEqual({ chunks: 2, samples: 238, dataBytesPerSample: 356 / 238, storedBytesPerSample: 420 / 238 });
  });

  it('is NaN per sample when no chunk qualifies', () => {
    expect(chunkBytes(chunks, 200).dataBytesPerSample).toBeNaN();
  });
});
