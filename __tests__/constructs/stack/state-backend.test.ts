import { LocalBackend, PgBackend, type TerraformBackend, TerraformStack } from '../../../constructs/framework/framework';
import type { BackendFactory } from '../../../constructs/stack/state-backend';
import { stateFilePath } from '../../../constructs/stack/state-file';
import { synthStack } from '../../support/synth-stack';
import { testApp } from '../../support/test-app';

const backendOf = (json: string): Record<string, unknown> => JSON.parse(json).terraform.backend;

describe('the backend prop', () => {
  it('keeps the local state file when no backend is given', () => {
    expect(backendOf(synthStack().json)).toEqual({ local: { path: stateFilePath('sentinel') } });
  });

  it("synthesizes the factory's backend instead of the local file, made in the stack itself", () => {
    const madeIn: TerraformStack[] = [];
    const { json, stack } = synthStack({
      backend: (scope) => {
        madeIn.push(scope);
        return new PgBackend(scope, { connStr: '', schemaName: 'sentinel_state' });
      },
    });
    expect(madeIn).toEqual([stack]);
    expect(backendOf(json)).toEqual({ pg: { conn_str: '', schema_name: 'sentinel_state' } });
  });

  it('takes any backend class, the local one with another path among them', () => {
    const { json } = synthStack({ backend: (stack) => new LocalBackend(stack, { path: 'state/sentinel.tfstate' }) });
    expect(backendOf(json)).toEqual({ local: { path: 'state/sentinel.tfstate' } });
  });

  it('rejects a value that is not a function, as a JavaScript user could pass', () => {
    const props = { backend: { connStr: 'postgres://localhost/state' } as unknown as BackendFactory };
    expect(() => synthStack(props)).toThrow(/^Invalid backend: got "an instance of Object", expected a function that makes a CDKTF backend in the stack it is given/);
  });

  it('rejects a factory that returns no backend', () => {
    const props = { backend: (() => ({ pg: {} })) as unknown as BackendFactory };
    expect(() => synthStack(props)).toThrow(/^Invalid backend: got "a function returning an instance of Object", expected a function that makes a CDKTF backend/);
  });

  it("rejects a backend made in another stack, where it would hold that stack's state instead", () => {
    const other = new TerraformStack(testApp(), 'other');
    const props = { backend: (): TerraformBackend => new PgBackend(other, { connStr: '' }) };
    expect(() => synthStack(props)).toThrow(/^Invalid backend: got "a backend made in other", expected/);
  });
});
