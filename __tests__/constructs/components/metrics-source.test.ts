import { Construct } from '../../../constructs/framework/framework';
import { isMetricsSource, markMetricsSource, type MetricsSource, metricsSourcesIn } from '../../../constructs/components/metrics-source';
import type { ScrapeJob } from '../../../config/scrape-job';
import { testApp } from '../../support/test-app';

const SCRAPE_JOB: ScrapeJob = { jobName: 'probe', targets: [{ host: 'probe', port: 9100 }] };

/** A construct with a scrape job, which declares itself a source only when `mark` does. */
class Probe extends Construct {
  readonly scrapeJob = SCRAPE_JOB;

  constructor(scope: Construct, id: string, mark: (source: MetricsSource) => void = () => {}) {
    super(scope, id);
    mark(this);
  }
}

let scopes = 0;
const freshScope = () => new Construct(testApp(), `metrics-source-${scopes++}`);

describe('metrics sources', () => {
  it('finds the marked components anywhere under the scope, and only them', () => {
    const scope = freshScope();
    const top = new Probe(scope, 'top', markMetricsSource);
    const nested = new Probe(new Construct(scope, 'group'), 'nested', markMetricsSource);
    const unmarked = new Probe(scope, 'unmarked');
    expect(metricsSourcesIn(scope)).toEqual([top, nested]);
    expect(isMetricsSource(unmarked)).toBe(false);
  });

  it('recognises a source that another copy of the module marked', () => {
    let source!: Probe;
    jest.isolateModules(() => {
      const other = jest.requireActual<typeof import('../../../constructs/components/metrics-source')>('../../../constructs/components/metrics-source');
      source = new Probe(freshScope(), 'marked-elsewhere', other.markMetricsSource);
    });
    expect(isMetricsSource(source)).toBe(true);
  });

  it('recognises a source marked under the registered key sentinel.MetricsSource, as a copy of any version marks it', () => {
    const source = new Probe(freshScope(), 'marked-by-key', (probe) => Object.defineProperty(probe, Symbol.for('sentinel.MetricsSource'), { value: true }));
    expect(isMetricsSource(source)).toBe(true);
  });
});
