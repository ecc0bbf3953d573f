// The only place that imports the CDK for Terraform framework, so moving to its
// community continuation (CDK Terrain) is a change to this file and package.json.
export { App, Lazy, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
export { Construct, type IConstruct } from 'constructs';
