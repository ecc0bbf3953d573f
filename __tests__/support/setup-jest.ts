import { Testing } from '../../constructs/framework/framework';
import { removeTestAppOutdir } from './test-app';

Testing.setupJest();
afterAll(removeTestAppOutdir);
