import { parse } from 'yaml';
import { generatedHeader } from '../../config/generated-header';
import { PROMETHEUS_DATASOURCE_UID, renderGrafanaDashboardProvider, renderGrafanaDatasources } from '../../config/grafana';

const GENERATED = generatedHeader('#');

describe('the provisioned Prometheus datasource', () => {
  const text = renderGrafanaDatasources({ prometheus: { host: 'prometheus', port: 9090 }, scrapeInterval: '15s' });
  const [datasource] = parse(text).datasources;

  it('is the default, queried by Grafana itself at the stack-internal address, by POST', () => {
    expect(parse(text).apiVersion).toBe(1);
    expect(datasource).toMatchObject({
      name: 'Prometheus',
      uid: PROMETHEUS_DATASOURCE_UID,
      type: 'prometheus',
      access: 'proxy',
      url: 'http://prometheus:9090',
      isDefault: true,
    });
    // Long PromQL in a GET would run into URL length limits.
    expect(datasource.jsonData.httpMethod).toBe('POST');
  });

  it('has a uid of its own that dashboards can name: Grafana makes up a random one for an empty uid', () => {
    expect(datasource.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  });

  it('cannot be edited in the UI, and knows the real scrape interval for $__rate_interval', () => {
    expect(datasource.editable).toBe(false);
    expect(datasource.jsonData.timeInterval).toBe('15s');
  });

  it('says it is generated', () => {
    expect(text.startsWith(GENERATED)).toBe(true);
  });
});

describe('the dashboard provider', () => {
  const text = renderGrafanaDashboardProvider({ dashboardsDir: '/var/lib/grafana/dashboards/sentinel' });
  const [provider] = parse(text).providers;

  it('loads the dashboard files into the Sentinel folder, rereading them every 30 s', () => {
    expect(parse(text).apiVersion).toBe(1);
    expect(provider).toMatchObject({ name: 'sentinel', folder: 'Sentinel', type: 'file', updateIntervalSeconds: 30 });
    expect(provider.options).toEqual({ path: '/var/lib/grafana/dashboards/sentinel', foldersFromFilesStructure: false });
  });

  it('keeps the files the source of truth: dashboards cannot be deleted or saved from the UI', () => {
    expect(provider.disableDeletion).toBe(true);
    expect(provider.allowUiUpdates).toBe(false);
  });

  it('says it is generated', () => {
    expect(text.startsWith(GENERATED)).toBe(true);
  });
});
