import { Testing } from '../../constructs/framework';

Testing.setupJest();
