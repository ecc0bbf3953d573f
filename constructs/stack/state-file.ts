import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where Terraform keeps a stack's state: the user's state directory (XDG_STATE_HOME, else
 * ~/.local/state), not the checkout, so a moved or re-cloned project finds the stack it deployed.
 */
export function stateFilePath(stackName: string, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec says a relative XDG_STATE_HOME is invalid and to be ignored.
  const stateHome = xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  return join(stateHome, 'sentinel', `${stackName}.tfstate`);
}
