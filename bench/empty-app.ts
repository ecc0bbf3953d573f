// The synth baseline: a CDK for Terraform app with one empty stack, run the way cdktf.json runs main.ts.
import { App, TerraformStack } from '../constructs/framework/framework';

const app = new App();
new TerraformStack(app, 'empty');
app.synth();
