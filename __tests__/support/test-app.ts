import { type App, Testing } from '../../constructs/framework/framework';
import { makeTempDir, removeTempDir } from './app-processes';

// Testing.app() makes a new temp dir per app and never removes it (thousands per test run).
// In-memory synth (Testing.synth) writes nothing there, so the apps share one directory.
let sharedOutdir: string | undefined;

/** A cdktf App for tests; its output directory goes with removeTestAppOutdir(). */
export function testApp(): App {
  return Testing.app({ outdir: testAppOutdir() });
}

/** The directory every test app synthesizes into. */
export function testAppOutdir(): string {
  sharedOutdir ??= makeTempDir('sentinel-synth');
  return sharedOutdir;
}

/** Jest's setup calls this after every test file. */
export function removeTestAppOutdir(): void {
  removeTempDir(sharedOutdir);
  sharedOutdir = undefined;
}
