import { type TerraformStack, Testing } from '../../constructs/framework/framework';
import { testApp } from './test-app';
import { resolve } from 'node:path';
import { APP_SOURCE_DIR } from '../../constructs/components/sentinel-app';
import { SentinelStack, type SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { sourceHash } from '../../constructs/engine/source-hash';
import { stateFilePath } from '../../constructs/stack/state-file';
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
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period?: string };
  wait?: boolean;
  wait_timeout?: number;
  stop_timeout?: number;
  destroy_grace_seconds?: number;
  networks_advanced?: { name: string; aliases?: string[] }[];
  ports?: { internal: number; external: number; ip: string }[];
  /** A named volume, or a host path mounted read-only. */
  volumes?: { volume_name?: string; host_path?: string; read_only?: boolean; container_path: string }[];
  upload?: { file: string; content: string }[];
  log_driver?: string;
  log_opts?: Record<string, string>;
  depends_on?: string[];
  lifecycle?: { replace_triggered_by?: string[]; ignore_changes?: string[] };
}

/** The parts of a synthesized docker_service the tests read. */
export interface SynthesizedService {
  name: string;
  mode: { replicated?: { replicas: number }; global?: boolean };
  update_config?: { parallelism: number; order: string; failure_action: string; monitor: string; delay: string };
  rollback_config?: { parallelism: number; order: string; monitor: string };
  endpoint_spec?: { ports?: { target_port: number; published_port: number; publish_mode: string }[] };
  converge_config?: { delay: string; timeout: string };
  depends_on?: string[];
  task_spec: {
    container_spec: {
      image: string;
      args?: string[];
      env?: Record<string, string>;
      user: string;
      read_only?: boolean;
      cap_drop?: string[];
      stop_grace_period: string;
      healthcheck?: { test: string[] };
      configs?: { config_id: string; file_name: string }[];
      secrets?: { secret_id: string; file_name: string }[];
      mounts?: { target: string; source: string; type: string; read_only?: boolean }[];
    };
    /** By network id: provider 4.x reads a service's networks back as `id`. */
    networks_advanced: { id: string; aliases: string[] }[];
    resources: { limits: { memory_bytes: number } };
    placement?: { constraints: string[] };
    restart_policy: { condition: string; delay: string };
    log_driver: { name: string; options: Record<string, string> };
  };
}

/** cdk.tf.json of a whole stack or of one construct, parsed. */
export interface Synthesized {
  /** cdk.tf.json as text, exactly as synthesized. */
  readonly json: string;
  readonly resources: Record<string, Record<string, unknown>>;
  readonly variables: Record<string, Record<string, unknown>>;
  readonly outputs: Record<string, { value: string }>;
}

export interface SynthesizedStack extends Synthesized {
  readonly stack: SentinelStack;
}

/** A stack's cdk.tf.json text, parsed into what the checks read. */
export function parseSynthesized(json: string): Synthesized {
  const parsed = JSON.parse(json);
  return { json, resources: parsed.resource ?? {}, variables: parsed.variable ?? {}, outputs: parsed.output ?? {} };
}

/** Synthesized with the scope's validations, as `cdktf synth` runs them. */
export function synthesize(scope: TerraformStack): Synthesized {
  return parseSynthesized(Testing.synth(scope, true));
}

/** The stack with `props`, and whatever `declare` adds to it (a team's own services), synthesized. */
export function synthStack(props: SentinelStackProps = {}, declare: (stack: SentinelStack) => void = () => {}): SynthesizedStack {
  const stack = new SentinelStack(testApp(), 'sentinel', props);
  declare(stack);
  return { stack, ...synthesize(stack) };
}

export function containers(synth: Synthesized): SynthesizedContainer[] {
  return Object.values(synth.resources.docker_container ?? {}) as SynthesizedContainer[];
}

export function containerNamed(synth: Synthesized, name: string): SynthesizedContainer {
  const found = containers(synth).find((container) => container.name === name);
  if (!found) throw new Error(`no container named ${name}; have ${containers(synth).map((c) => c.name).join(', ')}`);
  return found;
}

export function serviceNamed(synth: Synthesized, name: string): SynthesizedService {
  const services = Object.values(synth.resources.docker_service ?? {}) as SynthesizedService[];
  const found = services.find((service) => service.name === name);
  if (!found) throw new Error(`no service named ${name}; have ${services.map((s) => s.name).join(', ')}`);
  return found;
}

/** The roles (edge, internal, monitoring) of the networks a container joins, sorted. */
export function networkRolesOf(container: SynthesizedContainer): string[] {
  return (container.networks_advanced ?? []).map((network) => network.name.replace(/^\$\{docker_network\.networks_(\w+?)_.*$/, '$1')).sort();
}

/** Resources of one type by their `name` attribute, sorted. */
export function resourceNames(synth: Synthesized, type: string): string[] {
  return Object.values(synth.resources[type] ?? {}).map((resource) => (resource as { name: string }).name).sort();
}

/** The file as Terraform delivers it: template escapes (`$${`, `%%{`) undone. */
export function uploadedFile(container: SynthesizedContainer, path: string): string {
  const file = container.upload?.find((upload) => upload.file === path);
  if (!file) throw new Error(`${container.name} has no upload at ${path}`);
  return unescapeLiteral(file.content);
}

/**
 * Synth output with machine-specific parts (state file, checkout path, the app's build context relative to the
 * synth output, app source hash) replaced by placeholders.
 * Re-serialized, so the framework's own whitespace (cdktf writes an empty object over two lines, cdktn as `{}`) is not
 * part of the snapshot: moving to CDK Terrain then needs no new snapshot.
 */
export function machineIndependent(json: string): string {
  const hash = sourceHash(APP_SOURCE_DIR);
  return JSON.stringify(JSON.parse(json), null, 2)
    .replace(/"context": "[^"]*"/g, '"context": "<stack output dir → app>"')
    .split(stateFilePath('sentinel'))
    .join('<state-file>')
    .split(REPO_ROOT)
    .join('<repo>')
    .split(hash)
    .join('<app-source-sha256>')
    .split(hash.slice(0, 12))
    .join('<app-source-sha256-prefix>');
}
