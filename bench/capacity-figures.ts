import type { ChunkSummary } from './head-chunks';

const SECONDS_PER_DAY = 86_400;

export function samplesPerDay(scrapeIntervalSeconds: number): number {
  return SECONDS_PER_DAY / scrapeIntervalSeconds;
}

/** The sum of every sample of metric `name`, whatever its labels; undefined when the exposition has none. */
export function metricTotal(exposition: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** What a Prometheus reports about itself at one moment. */
export interface PrometheusReading {
  readonly headSeries: number;
  readonly residentBytes: number;
  readonly heapInuseBytes: number;
  readonly samplesAppended: number;
}

export function prometheusReading(exposition: string): PrometheusReading {
  const need = (name: string): number => {
    const value = metricTotal(exposition, name);
    if (value === undefined) throw new Error(`Prometheus' own metrics lack ${name}`);
    return value;
  };
  return {
    headSeries: need('prometheus_tsdb_head_series'),
    residentBytes: need('process_resident_memory_bytes'),
    heapInuseBytes: need('go_memstats_heap_inuse_bytes'),
    // Prometheus exports this counter only once something was appended: a Prometheus without targets lacks it.
    samplesAppended: metricTotal(exposition, 'prometheus_tsdb_head_samples_appended_total') ?? 0,
  };
}

export interface MemoryPerSeries {
  readonly seriesAdded: number;
  readonly residentBytesPerSeries: number;
  readonly heapInuseBytesPerSeries: number;
}

/** Memory per series: a loaded Prometheus against one with (almost) none, same binary, flags and age. */
export function memoryPerSeries(baseline: PrometheusReading, loaded: PrometheusReading): MemoryPerSeries {
  const seriesAdded = loaded.headSeries - baseline.headSeries;
  if (!(seriesAdded > 0)) throw new Error(`the loaded Prometheus holds no more series than the baseline (${loaded.headSeries} vs ${baseline.headSeries})`);
  return {
    seriesAdded,
    residentBytesPerSeries: (loaded.residentBytes - baseline.residentBytes) / seriesAdded,
    heapInuseBytesPerSeries: (loaded.heapInuseBytes - baseline.heapInuseBytes) / seriesAdded,
  };
}

export interface ChunkBytes {
  readonly chunks: number;
  readonly samples: number;
  readonly dataBytesPerSample: number;
  readonly storedBytesPerSample: number;
}

/** Bytes per sample over `chunks`, optionally only those holding `minSamples` to `maxSamples` samples. */
export function chunkBytes(chunks: readonly ChunkSummary[], minSamples = 0, maxSamples = Infinity): ChunkBytes {
  const chosen = chunks.filter((chunk) => chunk.samples >= minSamples && chunk.samples <= maxSamples);
  const samples = chosen.reduce((sum, chunk) => sum + chunk.samples, 0);
  const perSample = (bytes: number) => (samples > 0 ? bytes / samples : NaN);
  return {
    chunks: chosen.length,
    samples,
    dataBytesPerSample: perSample(chosen.reduce((sum, chunk) => sum + chunk.dataBytes, 0)),
    storedBytesPerSample: perSample(chosen.reduce((sum, chunk) => sum + chunk.storedBytes, 0)),
  };
}
