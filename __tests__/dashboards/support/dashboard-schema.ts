/**
 * A JSON-schema validator for shipped dashboards, generated from the Grafana
 * Foundation SDK's types (`dashboard-schema-types.ts`) and compiled with ajv.
 * Every object is closed (`additionalProperties: false`), so a misspelt or
 * unknown field fails as surely as a wrong type or a missing one.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

const TYPE_NAME = 'ShippedDashboardSchema';

/** Checks one dashboard; returns its problems, one line each, or none. */
export type DashboardValidator = (dashboard: unknown) => string[];

function dashboardJsonSchema(): object {
  return createGenerator({
    path: join(__dirname, 'dashboard-schema-types.ts'),
    tsconfig: join(__dirname, '..', '..', '..', 'tsconfig.json'),
    type: TYPE_NAME,
    // The types are checked by `tsc`; generation only needs their shape.
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema(TYPE_NAME);
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

/** Generates the schema and compiles it, which takes seconds: build one validator per test file. */
export function dashboardValidator(): DashboardValidator {
  // Union types such as `number | null` are how the SDK types thresholds; ajv must accept them.
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(dashboardJsonSchema());
  return (dashboard) => (validate(dashboard) ? [] : (validate.errors ?? []).map(describeError));
}
