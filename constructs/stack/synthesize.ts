import { App } from '../framework/framework';
import { UnknownPropError } from '../validation/unknown-props';
import { InvalidPropError } from '../validation/validation';

type AppConfig = NonNullable<ConstructorParameters<typeof App>[0]>;

/** Every validation message of the app's constructs, each under the path of the construct that holds it. */
function validationProblems(app: App): string[] {
  return app.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`));
}

/** Props a stack cannot be built from: the person who wrote them needs the message, not the stack trace. */
class InvalidStackError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/**
 * An app's stacks, declared by `declare`, synthesized: what `cdktf synth` runs. A prop they
 * cannot be built from (a value out of range, an unknown key, a port two components share)
 * ends the process with exit status 1 after one line per problem on stderr: the prop's path,
 * its value and what is allowed, without a stack trace. Any other error is a fault of the code
 * and keeps its trace.
 */
export function synthesize(declare: (app: App) => void, config: AppConfig = {}): void {
  try {
    // Construct metadata stack traces are for debugging the framework, not a stack; skipping them saves synth time.
    const app = new App({ stackTraces: false, ...config });
    declare(app);
    try {
      app.synth();
    } catch (error) {
      // cdktf throws its validations' messages as one text with its own advice; asked again, they come one by one.
      const problems = validationProblems(app);
      throw problems.length > 0 ? new InvalidStackError(problems) : error;
    }
  } catch (error) {
    if (!(error instanceof InvalidPropError || error instanceof UnknownPropError || error instanceof InvalidStackError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
