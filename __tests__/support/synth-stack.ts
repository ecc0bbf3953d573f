import { Testing } from '../../constructs/framework';
import { testApp } from './test-app';
import { resolve } from 'node:path';
import { APP_SOURCE_DIR } from '../../constructs/sentinel-app';
import { SentinelStack, type SentinelStackProps } from '../../constructs/sentinel-stack';
import { sourceHash } from '../../constructs/source-hash';
import { stateFilePath } from '../../constructs/state-file';
import { unescapeLiteral } from './terraform-values';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The parts of a synthesized docker_container the tests read. */
export interface SynthesizedContainer {
  name: string;
  image: string;
  user?: string;
  command?: string[];
  env?: string[];
  memory?: number;
  memory_swap?: number;
  network_mode?: string;
  pid_mode?: string;
  restart?: string;
  read_only?: boolean;
  security_opts?: string[];
  capabilities?: { drop?: string[]; add?: string[] };
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  wait?: boolean;
  networks_advanced?: { name: string; aliases?: string[] }[];
  ports?: { internal: number; external: number; ip: string }[];
  volumes?: { volume_name: string; container_path: string }[];
  upload?: { file: string; content: string }[];
  log_driver?: string;
  log_opts?: Record<string, string>;
  depends_on?: string[];
  lifecycle?: { replace_triggered_by?: string[]; ignore_changes?: string[] };
}

export interface SynthesizedStack {
  readonly stack: SentinelStack;
  /** cdk.tf.json as text, exactly as synthesized. */
  readonly json: string;
  readonly resources: Record<string, Record<string, unknown>>;
  readonly variables: Record<string, Record<string, unknown>>;
  readonly outputs: Record<string, { value: string }>;
}

export function synthStack(props: SentinelStackProps = {}): SynthesizedStack {
  const stack = new SentinelStack(testApp(), 'sentinel', props);
  // With the stack's validations, as `cdktf synth` runs them.
  const json = Testing.synth(stack, true);
  const parsed = JSON.parse(json);
  return { stack, json, resources: parsed.resource, variables: parsed.variable ?? {}, outputs: parsed.output ?? {} };
}

export function containers(synth: SynthesizedStack): SynthesizedContainer[] {
  return Object.values(synth.resources.docker_container ?? {}) as SynthesizedContainer[];
}

export function containerNamed(synth: SynthesizedStack, name: string): SynthesizedContainer {
  const found = containers(synth).find((container) => container.name === name);
  if (!found) throw new Error(`no container named ${name}; have ${containers(synth).map((c) => c.name).join(', ')}`);
  return found;
}

/** The file as Terraform delivers it: template escapes (`$${`, `%%{`) undone. */
export function uploadedFile(container: SynthesizedContainer, path: string): string {
  const file = container.upload?.find((upload) => upload.file === path);
  if (!file) throw new Error(`${container.name} has no upload at ${path}`);
  return unescapeLiteral(file.content);
}

/**
 * Synth output with machine-specific parts (state file, checkout path, app source hash) replaced by placeholders.
 * Re-serialized, so the framework's own whitespace (cdktf writes an empty object over two lines, cdktn as `{}`) is not
 * part of the snapshot: moving to CDK Terrain then needs no new snapshot.
 */
export function machineIndependent(json: string): string {
  const hash = sourceHash(APP_SOURCE_DIR);
  return JSON.stringify(JSON.parse(json), null, 2)
    .split(stateFilePath('sentinel'))
    .join('<state-file>')
    .split(REPO_ROOT)
    .join('<repo>')
    .split(hash)
    .join('<app-source-sha256>')
    .split(hash.slice(0, 12))
    .join('<app-source-sha256-prefix>');
}
