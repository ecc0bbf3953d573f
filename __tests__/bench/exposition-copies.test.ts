import { copiesOf, withCopyLabel } from '../../bench/exposition-copies';
import { seriesIn } from '../../bench/scrape';

const EXPOSITION = [
  '# HELP http_requests_total HTTP requests answered.',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="/",status_code="200"} 7',
  'http_requests_total{method="GET",route="/healthz",status_code="200"} 2',
  '# HELP app_redis_up 1 while the Redis connection is ready, else 0.',
  '# TYPE app_redis_up gauge',
  'app_redis_up 1',
  '',
].join('\n');

describe('withCopyLabel', () => {
  it('puts the copy label first among existing labels', () => {
    expect(withCopyLabel('http_requests_total{method="GET"} 7', 3)).toBe('http_requests_total{copy="3",method="GET"} 7');
  });

  it('gives a sample without labels a label set of its own', () => {
    expect(withCopyLabel('app_redis_up 1', 0)).toBe('app_redis_up{copy="0"} 1');
  });

  it('adds no comma to an empty label set', () => {
    expect(withCopyLabel('app_redis_up{} 1', 2)).toBe('app_redis_up{copy="2"} 1');
  });

  it('finds the label set even when a label value holds a space', () => {
    expect(withCopyLabel('x{reason="redis unreachable"} 1', 1)).toBe('x{copy="1",reason="redis unreachable"} 1');
  });
});

describe('copiesOf', () => {
  it('multiplies the series by the number of copies, each copy distinct', () => {
    const series = seriesIn(copiesOf(EXPOSITION, 4));
    expect(series).toHaveLength(3 * 4);
    expect(new Set(series).size).toBe(3 * 4);
  });

  it('keeps each family\'s HELP and TYPE once, ahead of all of its copies', () => {
    const lines = copiesOf(EXPOSITION, 2).trimEnd().split('\n');
    expect(lines).toEqual([
      '# HELP http_requests_total HTTP requests answered.',
      '# TYPE http_requests_total counter',
      'http_requests_total{copy="0",method="GET",route="/",status_code="200"} 7',
      'http_requests_total{copy="0",method="GET",route="/healthz",status_code="200"} 2',
      'http_requests_total{copy="1",method="GET",route="/",status_code="200"} 7',
      'http_requests_total{copy="1",method="GET",route="/healthz",status_code="200"} 2',
      '# HELP app_redis_up 1 while the Redis connection is ready, else 0.',
      '# TYPE app_redis_up gauge',
      'app_redis_up{copy="0"} 1',
      'app_redis_up{copy="1"} 1',
    ]);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => copiesOf(EXPOSITION, 0)).toThrow('positive integer');
    expect(() => copiesOf(EXPOSITION, 1.5)).toThrow('positive integer');
  });
});
