import { GO_COMPONENTS } from '../../../scripts/go-components/components';
import { newestRelease } from '../../../scripts/go-components/pins';

describe('newestRelease', () => {
  it('takes the highest release by number, not by text, and leaves pre-releases out', () => {
    expect(newestRelease(GO_COMPONENTS.nodeExporter, ['v1.9.1', 'v1.10.1', 'v1.12.1', 'v1.13.0-rc.0'])).toEqual([1, 12, 1]);
  });

  it("orders Prometheus' 3.x module versions after its 2.x ones", () => {
    expect(newestRelease(GO_COMPONENTS.prometheus, ['v0.55.1', 'v0.316.0', 'v0.54.0', 'v0.300.0'])).toEqual([3, 16, 0]);
  });

  it('has none when the proxy lists none', () => {
    expect(newestRelease(GO_COMPONENTS.nginxExporter, [])).toBeUndefined();
  });
});
