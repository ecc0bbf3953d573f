/**
 * Turns a Grafana panel query into plain PromQL the way Grafana would at query
 * time, with fixed stand-ins for the dashboard variables: each multi-select
 * variable set to "All", which Sentinel's variables send as `.*`.
 */
export const GRAFANA_STAND_INS: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '1h',
  job: '.*',
  upstream_job: '.*',
  fstype: '.*',
};

/** A dashboard as far as its variables go. */
export interface DashboardVariables {
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly allValue?: string }[] };
}

/**
 * Replace `$name` and `${name}` (and `${name:format}`) by their stand-ins; unknown variables throw.
 * A variable whose "All" sends something else than `.*` on `dashboard` sends that, as Grafana does.
 */
export function substituteGrafanaVariables(expr: string, dashboard: DashboardVariables = {}): string {
  const allValues = Object.fromEntries((dashboard.templating?.list ?? []).flatMap((v) => (v.allValue === undefined ? [] : [[v.name, v.allValue]])));
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = allValues[name] ?? GRAFANA_STAND_INS[name];
    if (value === undefined) throw new Error(`no stand-in for Grafana variable ${whole} in: ${expr}`);
    return value;
  });
}
