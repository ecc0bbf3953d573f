/** What a suite needs from outside the repository, and why it cannot have it here, if it cannot. */
export interface Prerequisite {
  /** What the suite has when it runs, as its failing test under CI names it: "a Docker engine". */
  readonly need: string;
  /** Why it is not here and what to install or start; undefined when it is here. */
  readonly missing: string | undefined;
  /** CI provides it, so CI fails rather than skips without it. @default true */
  readonly requiredInCi?: boolean;
}

/**
 * `describe` for a suite that needs something from outside the repository: run when it is there;
 * otherwise one failing test under CI=true (when CI provides it), else skipped with the message
 * that says what to install.
 */
export function describeWith(name: string, prerequisite: Prerequisite, body: () => void): void {
  const { need, missing, requiredInCi = true } = prerequisite;
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true' && requiredInCi) {
    describe(name, () => {
      it(`has ${need}`, () => {
        throw new Error(missing);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${missing}`);
  describe.skip(name, body);
}
