import { FRAMEWORK_VERSION, normaliseStack, PROJECT_DIR } from '../../scripts/normalise-stack';

// Shaped as the two frameworks write the same stack: cdktf lays an empty object over two lines.
const cdktf = `{
  "//": { "metadata": { "backend": "local", "stackName": "sentinel", "version": "0.21.0" } },
  "provider": { "docker": [ {
  } ] },
  "resource": { "docker_image": { "app": { "build": { "context": "../../../../../work/sentinel/app" }, "name": "app:1" } } }
}`;
const cdktn = `{
  "//": { "metadata": { "backend": "local", "stackName": "sentinel", "version": "0.24.0" } },
  "provider": { "docker": [ {} ] },
  "resource": { "docker_image": { "app": { "build": { "context": "../../../cdktn/app" }, "name": "app:1" } } }
}`;

describe('normaliseStack', () => {
  it('makes one stack from two frameworks, project directories and layouts the same text', () => {
    expect(normaliseStack(cdktf, '/work/sentinel', '/tmp/out/cdktf.out/stacks/sentinel')).toBe(normaliseStack(cdktn, '/tmp/copy/cdktn', '/tmp/copy/cdktn.out/stacks/sentinel'));
  });

  it('replaces the framework version in the metadata block and the project directory, nothing else', () => {
    const stack = JSON.parse(normaliseStack(cdktn, '/tmp/copy/cdktn', '/tmp/copy/cdktn.out/stacks/sentinel'));
    expect(stack['//'].metadata).toEqual({ backend: 'local', stackName: 'sentinel', version: FRAMEWORK_VERSION });
    expect(stack.resource.docker_image.app).toEqual({ build: { context: `${PROJECT_DIR}/app` }, name: 'app:1' });
  });

  it('leaves a version anywhere else, so a real difference still shows', () => {
    const changed = cdktn.replace('"name": "app:1"', '"name": "app:1", "version": "0.24.0"');
    expect(normaliseStack(changed, '/tmp/copy/cdktn', '/tmp/copy/cdktn.out/stacks/sentinel')).toContain('"version": "0.24.0"');
    expect(normaliseStack(changed, '/tmp/copy/cdktn', '/tmp/copy/cdktn.out/stacks/sentinel')).not.toBe(normaliseStack(cdktf, '/work/sentinel', '/tmp/out/cdktf.out/stacks/sentinel'));
  });
});
