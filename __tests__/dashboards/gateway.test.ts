import { dashboardFile, dataPanels, gatewayDashboard } from '../../dashboards';
import { defaultsOf, variablesOf } from './support/dashboard-json';
import { exprsOf, panelTitled } from './support/panel-lookup';

const json = dashboardFile(gatewayDashboard()).json;
const exprs = (title: string) => exprsOf(json, title);

describe('Gateway dashboard', () => {
  it('has its stable uid, title and tags', () => {
    expect([json.uid, json.title, json.tags]).toEqual(['sentinel-gateway', 'Sentinel / Gateway', ['sentinel', 'gateway', 'nginx']]);
  });

  it('reads top-down from up and traffic to connections', () => {
    expect(dataPanels(json).map((p) => p.title)).toEqual([
      'Gateway up',
      'Requests per second',
      'Upstream up',
      'Upstream errors (app 5xx behind the gateway)',
      'Connections by state',
      'Accepted vs handled connections',
      'Dropped connections',
    ]);
  });

  it('selects nginx jobs with $job and the app behind it with $upstream_job', () => {
    const variables = variablesOf(json);
    expect(variables.find((v) => v.name === 'job')?.query).toBe('label_values(nginx_up, job)');
    expect(variables.find((v) => v.name === 'upstream_job')?.query).toBe('label_values(http_requests_total, job)');
  });

  it('shows every connection state and requests per second from stub_status', () => {
    expect(exprs('Connections by state')).toEqual(
      ['active', 'reading', 'writing', 'waiting'].map((state) => `sum(nginx_connections_${state}{job=~"$job"})`),
    );
    expect(exprs('Requests per second')).toEqual(['sum(rate(nginx_http_requests_total{job=~"$job"}[$__rate_interval]))']);
  });

  it('shows dropped connections as accepted minus handled, red above zero', () => {
    const [dropped] = exprs('Dropped connections');
    expect(dropped).toBe(
      'sum(rate(nginx_connections_accepted{job=~"$job"}[$__rate_interval])) - sum(rate(nginx_connections_handled{job=~"$job"}[$__rate_interval]))',
    );
    expect(defaultsOf(panelTitled(json, 'Dropped connections')).thresholds?.steps).toEqual([
      { value: null, color: 'green' },
      { value: 0.001, color: 'red' },
    ]);
  });

  it('shows whether the upstream app answers, from its scrape', () => {
    expect(exprs('Upstream up')).toEqual(['min(up{job=~"$upstream_job"})']);
  });

  it('takes upstream errors from the app 5xx of user requests and says so', () => {
    const [errors] = exprs('Upstream errors (app 5xx behind the gateway)');
    expect(errors).toContain('http_requests_total{job=~"$upstream_job", route!~"/metrics|/healthz|/readyz", status_code=~"5.."}');
    expect(panelTitled(json, 'Upstream errors (app 5xx behind the gateway)').description).toMatch(/stub_status has no status codes/);
  });
});
