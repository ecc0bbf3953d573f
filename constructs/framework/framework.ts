// The only place that imports the CDK for Terraform framework, so moving to its
// community continuation (CDK Terrain) is a change to this file and package.json.
export { App, Aspects, DataResource, Fn, Lazy, LocalBackend, TerraformOutput, type TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
// A stack's `backend` prop makes one of cdktf's backends (PgBackend, S3Backend, ...); the tests use PostgreSQL's.
export { PgBackend, TerraformBackend } from 'cdktf';
export { Construct, type IConstruct } from 'constructs';
// Types only, erased at run time: jest's view of the matchers Testing.setupJest() registers
// (toHaveResourceWithProperties, ...), for the tests.
import type {} from 'cdktf/lib/testing/adapters/jest';
