import { IMAGES } from '../../../constructs/engine/images';
import { GO_COMPONENTS, goComponent, prometheusModuleVersion, releaseOf, releaseOfModuleVersion } from '../../../scripts/go-components/components';

describe('releaseOf', () => {
  it.each([
    ['prom/prometheus:v3.16.0', '3.16.0'],
    ['oliver006/redis_exporter:v1.97.0-alpine', '1.97.0'],
    ['nginx/nginx-prometheus-exporter:1.5.1', '1.5.1'],
  ])('reads %s as release %s', (image, release) => {
    expect(releaseOf(image)).toBe(release);
  });

  it.each(['prom/prometheus:latest', 'prom/prometheus:v3.16', 'prom/prometheus', 'prom/prometheus:v3.17.0-rc.0'])('refuses %s, whose tag is no release number', (image) => {
    expect(() => releaseOf(image)).toThrow('its tag is not a release number');
  });
});

describe('prometheusModuleVersion', () => {
  it.each([
    ['2.55.1', 'v0.55.1'],
    ['3.0.0', 'v0.300.0'],
    ['3.5.2', 'v0.305.2'],
    ['3.16.0', 'v0.316.0'],
  ])('publishes release %s as module %s', (release, moduleVersion) => {
    expect(prometheusModuleVersion(release)).toBe(moduleVersion);
  });

  it('refuses a release line it knows no numbering for', () => {
    expect(() => prometheusModuleVersion('4.0.0')).toThrow('no known module version');
  });
});

describe('releaseOfModuleVersion', () => {
  it.each([
    ['v0.316.0', [3, 16, 0]],
    ['v0.300.1', [3, 0, 1]],
    ['v0.55.1', [2, 55, 1]],
  ])("reads Prometheus' module version %s as its release", (moduleVersion, release) => {
    expect(releaseOfModuleVersion(GO_COMPONENTS.prometheus, moduleVersion)).toEqual(release);
  });

  it('reads any other module version as the release it names', () => {
    expect(releaseOfModuleVersion(GO_COMPONENTS.nodeExporter, 'v1.12.1')).toEqual([1, 12, 1]);
  });

  it("has no release for a tag of Prometheus' module outside its v0 numbering", () => {
    expect(releaseOfModuleVersion(GO_COMPONENTS.prometheus, 'v1.99.0')).toBeUndefined();
  });

  it('has no release for a pre-release', () => {
    expect(releaseOfModuleVersion(GO_COMPONENTS.alertmanager, 'v0.36.0-rc.0')).toBeUndefined();
  });
});

describe('GO_COMPONENTS', () => {
  it('builds each Go component at the version its image pins', () => {
    for (const component of Object.values(GO_COMPONENTS)) {
      expect(component.image).toBe(IMAGES[component.name]);
      expect(IMAGES[component.name]).toMatch(new RegExp(`:v?${component.version.replaceAll('.', '\\.')}(-alpine)?$`));
    }
    expect(GO_COMPONENTS.prometheus.moduleVersion).toBe(prometheusModuleVersion(GO_COMPONENTS.prometheus.version));
    expect(GO_COMPONENTS.alertmanager.moduleVersion).toBe(`v${GO_COMPONENTS.alertmanager.version}`);
  });
});

describe('goComponent', () => {
  it('builds an earlier release from the module it was published under', () => {
    expect(goComponent('nginxExporter', 'nginx/nginx-prometheus-exporter:1.3.0')).toMatchObject({ module: 'github.com/nginxinc/nginx-prometheus-exporter', moduleVersion: 'v1.3.0' });
    expect(goComponent('nginxExporter', 'nginx/nginx-prometheus-exporter:1.4.1')).toMatchObject({ module: 'github.com/nginx/nginx-prometheus-exporter', moduleVersion: 'v1.4.1' });
    expect(goComponent('prometheus', 'prom/prometheus:v2.55.1')).toMatchObject({ version: '2.55.1', moduleVersion: 'v0.55.1' });
  });
});
