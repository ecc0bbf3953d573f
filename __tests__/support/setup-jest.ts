// The side-effect import brings the matchers' types (toHaveResourceWithProperties, ...) into jest's.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from '../../constructs/framework';
import { removeTestAppOutdir } from './test-app';

Testing.setupJest();
afterAll(removeTestAppOutdir);
