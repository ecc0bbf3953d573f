import { stateFilePath } from '../../../constructs/stack/state-file';
import { REPO_ROOT, synthStack } from '../../support/synth-stack';

describe('stateFilePath', () => {
  it("keeps state in the user's state directory, named by stack, wherever the checkout is", () => {
    expect(stateFilePath('sentinel', {}, '/home/ada')).toBe('/home/ada/.local/state/sentinel/sentinel.tfstate');
    expect(stateFilePath('sentinel-swarm', {}, '/home/ada')).toBe('/home/ada/.local/state/sentinel/sentinel-swarm.tfstate');
  });

  it('follows XDG_STATE_HOME when it is absolute, and ignores a relative one as the XDG spec says', () => {
    expect(stateFilePath('sentinel', { XDG_STATE_HOME: '/var/lib/ops' }, '/home/ada')).toBe('/var/lib/ops/sentinel/sentinel.tfstate');
    expect(stateFilePath('sentinel', { XDG_STATE_HOME: 'state' }, '/home/ada')).toBe('/home/ada/.local/state/sentinel/sentinel.tfstate');
  });

  it("is the stack's local backend, outside the checkout", () => {
    const backend = JSON.parse(synthStack().json).terraform.backend.local.path as string;
    expect(backend).toBe(stateFilePath('sentinel'));
    expect(backend.startsWith(REPO_ROOT)).toBe(false);
  });
});
