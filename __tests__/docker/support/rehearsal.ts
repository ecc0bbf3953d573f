import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { evaluateAllWithTerraform } from '../../support/terraform-eval';
import { needsEvaluation, resourceReference, unescapeLiteral } from '../../support/terraform-values';
import { type ContainerSpec, containerSpec, type ResolvedContainer, UnsupportedAttributeError } from './container-spec';

/** Put on everything the rehearsal creates, so a run killed halfway can be cleaned up by the next. */
export const REHEARSAL_LABEL = 'org.sentinel.rehearsal';
export const REHEARSAL_LABELS = { [REHEARSAL_LABEL]: 'true' } as const;

export interface RehearsalOptions {
  readonly docker: Docker;
  /** The synthesized cdk.tf.json. */
  readonly stackFile: string;
  /** Values of the Terraform variables the stack reads, as TF_VAR_* would give them. */
  readonly variables: Readonly<Record<string, string>>;
  /** Containers that cannot run here, by name, with the reason; images only they use are left out too. */
  readonly leaveOut: Readonly<Record<string, string>>;
  readonly terraform: string;
  /** Where progress is reported. */
  readonly log: (line: string) => void;
}

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

const UNDERSTOOD_TOP_LEVEL = ['//', 'terraform', 'provider', 'variable', 'output', 'resource'];
const UNDERSTOOD_KEYS: Record<string, readonly string[]> = {
  docker_network: ['//', 'name', 'driver', 'internal', 'attachable', 'options', 'ipam_config'],
  docker_volume: ['//', 'name'],
  docker_image: ['//', 'name', 'keep_locally', 'build', 'triggers'],
};
const UNDERSTOOD_BUILD = ['context'];
const UNDERSTOOD_IPAM = ['subnet', 'gateway'];
const HEALTH_POLL_MS = 1_000;

function requireKeys(where: string, value: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new UnsupportedAttributeError(`${where}: the rehearsal does not understand ${unknown.map((k) => `"${k}"`).join(', ')}`);
}

// The engine needs these two even where .dockerignore lists them; the docker CLI and the provider send them regardless.
const ALWAYS_SENT = ['Dockerfile', '.dockerignore'];

/** The build context as the provider sends it: every file under `dir` that .dockerignore lets through. */
function buildContext(dir: string): Promise<Buffer> {
  const ignoreFile = join(dir, '.dockerignore');
  const keep = dockerignore().add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '').createFilter();
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, resolve(entry.parentPath ?? entry.path, entry.name)))
    .filter((path) => ALWAYS_SENT.includes(path) || keep(path));
  return tarOf(files.map((path) => ({ path, content: readFileSync(join(dir, path)), mode: statSync(join(dir, path)).mode & 0o777 })));
}

/** Maps every string in a value, depth first. */
export function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}

function collectStrings(value: unknown, into: string[] = []): string[] {
  mapStrings(value, (text) => into.push(text));
  return into;
}

/** The resources and declared variables of a synthesized cdk.tf.json, after checking it holds only what the caller knows. */
export function readStack(stackFile: string, understoodTypes: readonly string[]): { resources: Resources; variables: Record<string, unknown> } {
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as Record<string, unknown>;
  requireKeys('cdk.tf.json', stack, UNDERSTOOD_TOP_LEVEL);
  const providers = (stack.provider as Record<string, unknown[]> | undefined) ?? {};
  for (const [name, blocks] of Object.entries(providers)) {
    // A provider setting (a remote host, certificates) would send the deploy elsewhere.
    if (name !== 'docker' || blocks.some((block) => Object.keys(block as object).length > 0)) {
      throw new UnsupportedAttributeError(`provider.${name}: the rehearsal only knows the local docker provider without settings`);
    }
  }
  const resources = (stack.resource as Resources | undefined) ?? {};
  for (const type of Object.keys(resources)) {
    if (!understoodTypes.includes(type)) throw new UnsupportedAttributeError(`resource type ${type}: the rehearsal does not understand it`);
  }
  return { resources, variables: (stack.variable as Record<string, unknown> | undefined) ?? {} };
}

/** Terraform evaluates every template string once, with the variables the test gives: template → value. */
export function evaluateTemplates(
  resources: Resources,
  declared: Record<string, unknown>,
  options: Pick<RehearsalOptions, 'terraform' | 'variables'>,
): Map<string, string> {
  const templates = [...new Set(collectStrings(resources))].filter((text) => needsEvaluation(text) && !resourceReference(text));
  if (templates.length === 0) return new Map();
  for (const template of templates) {
    if (/\bdocker_[a-z_]+\./.test(template)) {
      throw new UnsupportedAttributeError(`a template reads another resource's attribute, which only Terraform can: ${template.slice(0, 120)}`);
    }
  }
  const read = new Set(templates.flatMap((template) => [...template.matchAll(/\bvar\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!)));
  const variables = Object.fromEntries([...read].map((name) => [name, declared[name]]));
  const env = Object.fromEntries(Object.entries(options.variables).map(([name, value]) => [`TF_VAR_${name}`, value]));
  const values = evaluateAllWithTerraform(options.terraform, templates, variables, env);
  return new Map(templates.map((template, i) => [template, values[i]!]));
}

/** The provider's `docker_image`: a pinned image must already be on the engine, a built one is built from its context; returns its ID. */
export async function readyImage(options: Pick<RehearsalOptions, 'docker' | 'log'>, address: string, body: Record<string, unknown>): Promise<string> {
  requireKeys(address, body, UNDERSTOOD_KEYS.docker_image!);
  const { docker, log } = options;
  const name = body.name as string;
  if (body.build !== undefined) {
    const build = body.build as Record<string, unknown>;
    requireKeys(`${address}.build`, build, UNDERSTOOD_BUILD);
    const context = build.context as string;
    const startedAt = Date.now();
    const stream = await docker.buildImage(Readable.from([await buildContext(context)]), { t: name });
    await new Promise<void>((done, fail) =>
      docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
        const failed = error?.message ?? output.find((event) => event.error)?.error;
        if (failed) fail(new Error(`building ${name} from ${context}: ${failed}`));
        else done();
      }),
    );
    log(`built ${name} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }
  try {
    return ((await docker.getImage(name).inspect()) as { Id: string }).Id;
  } catch {
    throw new Error(`image ${name} is not on the engine and no registry is reachable: build the stand-ins with \`npm run docker:images\``);
  }
}

/** A string as the provider receives it: references resolved by `attribute`, templates evaluated, escapes undone. */
export function resolveString(text: string, evaluated: ReadonlyMap<string, string>, attribute: (type: string, name: string, attribute: string) => string): string {
  const reference = resourceReference(text);
  if (reference) return attribute(reference.type, reference.name, reference.attribute);
  return evaluated.get(text) ?? unescapeLiteral(text);
}

/** The provider's `docker_network`: driver, `internal`, `attachable`, driver options, subnet and gateway. */
export async function createNetwork(docker: Docker, address: string, body: Record<string, unknown>, labels: Record<string, string>): Promise<{ id: string; name: string }> {
  requireKeys(address, body, UNDERSTOOD_KEYS.docker_network!);
  const ipam = ((body.ipam_config as Record<string, unknown>[] | undefined) ?? []).map((config, i) => {
    requireKeys(`${address}.ipam_config[${i}]`, config, UNDERSTOOD_IPAM);
    return { Subnet: config.subnet as string, Gateway: config.gateway as string | undefined };
  });
  const name = body.name as string;
  const network = await docker.createNetwork({
    Name: name,
    Driver: (body.driver as string | undefined) ?? 'bridge',
    Internal: body.internal === true,
    Attachable: body.attachable === true,
    Options: body.options as Record<string, string> | undefined,
    IPAM: { Driver: 'default', Config: ipam },
    CheckDuplicate: true,
    Labels: labels,
  });
  return { id: network.id, name };
}

/** Runs `create`; when it fails, removes whatever it had created before passing the failure on. */
export async function createOrUndo<T extends { destroy(): Promise<void> }>(rehearsal: T, create: () => Promise<void>): Promise<T> {
  try {
    await create();
  } catch (error) {
    await rehearsal.destroy();
    throw error;
  }
  return rehearsal;
}

/**
 * Creates every address once, each after those of `addresses` it depends on (as Terraform
 * walks its graph), the rest in parallel; every failure is reported, named.
 */
export async function createInDependencyOrder(
  addresses: readonly string[],
  specOf: (address: string) => { readonly name: string; readonly dependsOn: readonly string[] },
  createOne: (address: string) => Promise<void>,
): Promise<void> {
  const started = new Map<string, Promise<void>>();
  const create = (address: string): Promise<void> => {
    let promise = started.get(address);
    if (!promise) {
      const spec = specOf(address);
      const dependencies = spec.dependsOn.filter((dependency) => addresses.includes(dependency));
      promise = Promise.all(dependencies.map(create)).then(() =>
        createOne(address).catch((error: Error) => {
          throw new Error(`${spec.name}: ${error.message}`);
        }),
      );
      started.set(address, promise);
    }
    return promise;
  };
  const results = await Promise.allSettled(addresses.map(create));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error).message)] : []));
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/**
 * `cdktf deploy` rehearsed without the provider binary: reads a synthesized cdk.tf.json and
 * creates what it declares through the Engine API, the way kreuzwerker/docker 3.6.2 does,
 * failing on anything it does not understand. Everything it creates is removed by ID.
 */
export class Rehearsal {
  private readonly networks = new Map<string, { id: string; name: string }>();
  private readonly volumes = new Map<string, string>();
  private readonly images = new Map<string, string>();
  /** Container address → its spec and the ID of the container running it now. */
  private readonly containers = new Map<string, { spec: ContainerSpec; id?: string }>();
  private evaluated = new Map<string, string>();

  private constructor(private readonly options: RehearsalOptions, private readonly resources: Resources) {}

  /** Creates every resource of the stack, each container once its dependencies are healthy. */
  static async apply(options: RehearsalOptions): Promise<Rehearsal> {
    const { resources, variables } = readStack(options.stackFile, [...Object.keys(UNDERSTOOD_KEYS), 'docker_container']);
    const rehearsal = new Rehearsal(options, withoutLeftOut(resources, options));
    return createOrUndo(rehearsal, async () => {
      rehearsal.evaluated = evaluateTemplates(rehearsal.resources, variables, options);
      await rehearsal.createAll();
    });
  }

  private resolveString(text: string): string {
    return resolveString(text, this.evaluated, (type, name, attribute) => this.attribute(type, name, attribute));
  }

  private attribute(type: string, name: string, attribute: string): string {
    const address = `${type}.${name}`;
    const found =
      type === 'docker_network' && attribute === 'name' ? this.networks.get(address)?.name
      : type === 'docker_volume' && attribute === 'name' ? this.volumes.get(address)
      : type === 'docker_image' && attribute === 'image_id' ? this.images.get(address)
      : type === 'docker_container' && attribute === 'id' ? this.containers.get(address)?.id
      : undefined;
    if (found === undefined) throw new UnsupportedAttributeError(`\${${address}.${attribute}}: not created, or not an attribute the rehearsal knows`);
    return found;
  }

  private of(type: string): [string, Record<string, unknown>][] {
    return Object.entries(this.resources[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
  }

  private async createAll(): Promise<void> {
    const { docker } = this.options;
    for (const [address, body] of this.of('docker_network')) this.networks.set(address, await createNetwork(docker, address, body, REHEARSAL_LABELS));
    for (const [address, body] of this.of('docker_volume')) {
      requireKeys(address, body, UNDERSTOOD_KEYS.docker_volume!);
      await docker.createVolume({ Name: body.name as string, Labels: REHEARSAL_LABELS });
      this.volumes.set(address, body.name as string);
    }

    for (const [address, body] of this.of('docker_image')) this.images.set(address, await readyImage(this.options, address, body));
    for (const [address, body] of this.of('docker_container')) {
      this.containers.set(address, { spec: containerSpec(address, mapStrings(body, (text) => this.resolveString(text)) as ResolvedContainer) });
    }
    for (const [address, { spec }] of this.containers) {
      const missing = spec.dependsOn.filter((dependency) => !this.containers.has(dependency));
      if (missing.length > 0) throw new UnsupportedAttributeError(`${address} depends on ${missing.join(', ')}, which is left out or not a container`);
    }
    await this.createContainers([...this.containers.keys()]);
  }

  /** Creates the given containers, each after the ones it depends on are healthy, the rest in parallel. */
  private createContainers(addresses: readonly string[]): Promise<void> {
    return createInDependencyOrder(addresses, (address) => this.containers.get(address)!.spec, (address) => this.createContainer(address));
  }

  private async createContainer(address: string): Promise<void> {
    const entry = this.containers.get(address)!;
    const { spec } = entry;
    const { docker, log } = this.options;
    const startedAt = Date.now();
    const container = await docker.createContainer({ ...spec.create, Labels: REHEARSAL_LABELS });
    entry.id = container.id;
    for (const attachment of spec.moreNetworks) {
      await docker.getNetwork(attachment.network).connect({ Container: container.id, EndpointConfig: { Aliases: [...attachment.aliases] } });
    }
    // Each file one tar entry, mode 0644, owned by root: what the provider uploads.
    if (spec.uploads.length > 0) await container.putArchive(await tarOf(spec.uploads.map((upload) => ({ ...upload, mode: 0o644 }))), { path: '/' });
    await container.start();
    if (spec.waitTimeoutSeconds !== undefined) await this.waitHealthy(container, spec);
    log(`${spec.name} ${spec.waitTimeoutSeconds === undefined ? 'started' : 'healthy'} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }

  private async waitHealthy(container: Docker.Container, spec: ContainerSpec): Promise<void> {
    const deadline = Date.now() + spec.waitTimeoutSeconds! * 1000;
    let status = 'unknown';
    while (Date.now() < deadline) {
      const state = (await container.inspect()).State;
      status = state.Health?.Status ?? state.Status;
      if (status === 'healthy') return;
      await sleep(HEALTH_POLL_MS);
    }
    const logs = (await container.logs({ stdout: true, stderr: true, tail: 30 })).toString('utf8');
    throw new Error(`${spec.name} was not healthy within ${spec.waitTimeoutSeconds} s (last: ${status}); its last log lines:\n${logs}`);
  }

  /** The container that runs a service now, by container name (as `docker ps` shows it). */
  container(name: string): Docker.Container {
    const entry = [...this.containers.values()].find((candidate) => candidate.spec.name === name);
    if (entry?.id === undefined) throw new Error(`no container named ${name} in this rehearsal`);
    return this.options.docker.getContainer(entry.id);
  }

  /** Names of the containers created, left-out ones excluded. */
  containerNames(): string[] {
    return [...this.containers.values()].map((entry) => entry.spec.name);
  }

  /** The spec the container was created from. */
  specOf(name: string): ContainerSpec {
    const entry = [...this.containers.values()].find((candidate) => candidate.spec.name === name);
    if (!entry) throw new Error(`no container named ${name} in this rehearsal`);
    return entry.spec;
  }

  /**
   * Replaces a container as Terraform does (destroy, then create), with every container whose
   * `replace_triggered_by` names one replaced: dependents destroyed first, created last.
   */
  async replace(name: string): Promise<string[]> {
    const target = [...this.containers].find(([, entry]) => entry.spec.name === name)?.[0];
    if (target === undefined) throw new Error(`no container named ${name} in this rehearsal`);
    const replaced = [target];
    for (let grew = true; grew; ) {
      grew = false;
      for (const [address, { spec }] of this.containers) {
        if (!replaced.includes(address) && spec.replaceTriggeredBy.some((trigger) => replaced.includes(trigger))) {
          replaced.push(address);
          grew = true;
        }
      }
    }
    for (const address of [...replaced].reverse()) await this.destroyContainer(address);
    await this.createContainers(replaced);
    return replaced.map((address) => this.containers.get(address)!.spec.name);
  }

  private async destroyContainer(address: string): Promise<void> {
    const entry = this.containers.get(address);
    if (entry?.id === undefined) return;
    const container = this.options.docker.getContainer(entry.id);
    await container.stop({ t: entry.spec.destroyGraceSeconds }).catch(() => undefined);
    await container.remove({ force: true }).catch(ignoreMissing);
    entry.id = undefined;
  }

  /** Removes every container, network and volume this rehearsal created, by ID; images stay as the cache. */
  async destroy(): Promise<void> {
    const { docker } = this.options;
    await Promise.all([...this.containers.keys()].map((address) => this.destroyContainer(address)));
    for (const { id } of this.networks.values()) await docker.getNetwork(id).remove().catch(ignoreMissing);
    this.networks.clear();
    for (const name of this.volumes.values()) await docker.getVolume(name).remove().catch(ignoreMissing);
    this.volumes.clear();
  }
}

/** The stack without the left-out containers and the images only they use. */
function withoutLeftOut(resources: Resources, { leaveOut, log }: RehearsalOptions): Resources {
  const containers = Object.entries(resources.docker_container ?? {});
  const kept = containers.filter(([, body]) => !((body.name as string) in leaveOut));
  for (const [, body] of containers.filter((entry) => !kept.includes(entry))) log(`leaving out ${body.name as string}: ${leaveOut[body.name as string]}`);
  const imagesInUse = new Set(kept.map(([, body]) => resourceReference(body.image as string)?.name));
  const images = Object.entries(resources.docker_image ?? {}).filter(([name]) => imagesInUse.has(name));
  return { ...resources, docker_container: Object.fromEntries(kept), docker_image: Object.fromEntries(images) };
}

export function ignoreMissing(error: { statusCode?: number }): void {
  if (error.statusCode !== 404) throw error;
}

/** Files as a tar archive, owned by root. */
export async function tarOf(files: readonly { path: string; content: string | Buffer; mode: number }[]): Promise<Buffer> {
  const archive = pack();
  for (const file of files) archive.entry({ name: file.path.replace(/^\//, ''), mode: file.mode, uid: 0, gid: 0 }, file.content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
