import { Testing } from '../../constructs/framework';
import { removeTestAppOutdir } from './test-app';

Testing.setupJest();
afterAll(removeTestAppOutdir);
