// jest's globalSetup: the app's tests, and the catalogs read through its sources, load its dependencies.
import { ensureAppDependencies } from '../../scripts/app-dependencies';

export default function globalSetup(): void {
  ensureAppDependencies();
}
