import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { IMAGES } from '../../../constructs/engine/images';
import type { GoComponent } from '../../../scripts/go-components/components';

export interface CommandResult {
  readonly exitCode: number;
  readonly output: string;
}

// The Redis stand-in carries redis-cli, getent, timeout and cat: everything a probe asks.
const PROBE_IMAGE = IMAGES.redis;
const PROBE_TIMEOUT_MS = 30_000;
/** Put on the suite's own probe containers, so one a killed run left behind is found and removed. */
export const PROBE_LABEL = 'org.sentinel.probe';

/** Runs a command in a throwaway container on one of the stack's networks, unprivileged; removed afterwards. */
export async function probe(docker: Docker, network: string, command: readonly string[]): Promise<CommandResult> {
  const container = await docker.createContainer({
    Image: PROBE_IMAGE,
    Entrypoint: [command[0]!],
    Cmd: command.slice(1),
    User: '65534:65534',
    Tty: true,
    Labels: { [PROBE_LABEL]: 'true' },
    HostConfig: { NetworkMode: network, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges:true'] },
  });
  try {
    await container.start();
    const exit = (await Promise.race([
      container.wait(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`probe ${command.join(' ')} ran over ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
    ])) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
    return { exitCode: exit.StatusCode, output };
  } finally {
    await container.remove({ force: true, v: true });
  }
}

/** `docker exec`: the command's exit code and its output. */
export async function execIn(container: Docker.Container, command: readonly string[]): Promise<CommandResult> {
  const exec = await container.exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = (await exec.start({ hijack: true, stdin: false, Tty: true })) as Duplex;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
}

/** The containers named, by every tag of the image each runs. */
export async function containersByImageTag(docker: Docker, names: readonly string[]): Promise<Map<string, Docker.Container>> {
  const byTag = new Map<string, Docker.Container>();
  for (const name of names) {
    const container = docker.getContainer(name);
    const { Image } = await container.inspect();
    for (const tag of (await docker.getImage(Image).inspect()).RepoTags ?? []) byTag.set(tag, container);
  }
  return byTag;
}

/** The first line `command` prints in the container. */
export async function firstOutputLine(container: Docker.Container, command: readonly string[]): Promise<string> {
  return (await execIn(container, command)).output.trim().split('\n')[0]!;
}

/** A Go component as it runs: its container's entrypoint and the first line that answers `--version` with. */
export interface RunningVersion {
  readonly component: GoComponent;
  readonly entrypoint: string;
  readonly firstLine: string;
}

/** Each component as the container among `names` that runs its image (found by tag) reports it. */
export async function runningVersions(docker: Docker, names: readonly string[], components: readonly GoComponent[]): Promise<RunningVersion[]> {
  const byImage = await containersByImageTag(docker, names);
  return Promise.all(
    components.map(async (component) => {
      const container = byImage.get(component.image);
      if (container === undefined) throw new Error(`no container runs ${component.image}`);
      const { Path } = await container.inspect();
      return { component, entrypoint: Path, firstLine: await firstOutputLine(container, [Path, '--version']) };
    }),
  );
}

/** Matches text that names `version` as a whole release number: 1.5.1, not 1.5.10. */
export function namingRelease(version: string): RegExp {
  return new RegExp(`(^|[^\\d.])v?${version.replaceAll('.', '\\.')}($|[^\\d.])`);
}

/** The numeric uid of a user name, as the container's own /etc/passwd has it. */
export async function uidOf(container: Docker.Container, user: string): Promise<number> {
  const result = await execIn(container, ['id', '-u', user.split(':')[0]!]);
  if (result.exitCode !== 0) throw new Error(`id -u ${user}: ${result.output}`);
  return Number(result.output.trim());
}

export interface ProcessStatus {
  /** Effective uid. */
  readonly uid: number;
  /** Effective capability set, in hex as the kernel prints it. */
  readonly capEff: string;
  readonly noNewPrivs: number;
}

async function mainPid(container: Docker.Container): Promise<number> {
  const pid = (await container.inspect()).State.Pid;
  if (!pid) throw new Error(`container ${container.id.slice(0, 12)} is not running`);
  return pid;
}

/**
 * The container's main process (its PID 1) as the kernel describes it, read through the host's
 * /proc: the same file as /proc/1/status inside, and readable for images without a shell.
 */
export async function processStatus(container: Docker.Container): Promise<ProcessStatus> {
  const status = readFileSync(`/proc/${await mainPid(container)}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
  return { uid: Number(field('Uid').split(/\s+/)[1]), capEff: field('CapEff'), noNewPrivs: Number(field('NoNewPrivs')) };
}

/** The memory limit the kernel enforces on the container's cgroup (v1 or v2). */
export async function memoryLimitBytes(container: Docker.Container): Promise<number> {
  const cgroups = readFileSync(`/proc/${await mainPid(container)}/cgroup`, 'utf8').trim().split('\n');
  const v1 = cgroups.map((line) => line.split(':')).find(([, controllers]) => controllers!.split(',').includes('memory'));
  const file = v1 ? `/sys/fs/cgroup/memory${v1[2]}/memory.limit_in_bytes` : `/sys/fs/cgroup${cgroups[0]!.split(':')[2]}/memory.max`;
  return Number(readFileSync(file, 'utf8').trim());
}

export interface Leftovers {
  readonly containers: string[];
  readonly networks: string[];
  readonly volumes: string[];
}

/**
 * The stack's containers, networks and volumes on the suite's engine (every name starts with its prefix),
 * and the suite's probes; each container by its name as `docker ps` shows it.
 */
export async function leftovers(docker: Docker, namePrefix: string): Promise<Leftovers> {
  const containerName = (container: Docker.ContainerInfo) => (container.Names[0] ?? container.Id).replace(/^\//, '');
  const ours = (name: string) => name.startsWith(`${namePrefix}-`);
  const [containers, probes, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listContainers({ all: true, filters: { label: [`${PROBE_LABEL}=true`] } }),
    docker.listNetworks(),
    docker.listVolumes(),
  ]);
  return {
    containers: [...containers.filter((c) => ours(containerName(c))), ...probes].map(containerName),
    networks: networks.map((n) => n.Name).filter(ours),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name).filter(ours),
  };
}

/** Removes what a killed run of the suite left on the suite's own engine, by name: containers first, then what they used. */
export async function removeLeftovers(docker: Docker, namePrefix: string): Promise<void> {
  const left = await leftovers(docker, namePrefix);
  for (const name of left.containers) await docker.getContainer(name).remove({ force: true, v: true });
  for (const name of left.networks) await docker.getNetwork(name).remove();
  for (const name of left.volumes) await docker.getVolume(name).remove();
}

/** Addresses the host listens on for a TCP port, IPv4 and IPv6, from the host's /proc/net. */
export function hostListeners(port: number): string[] {
  const listening = '0A';
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['tcp', 'tcp6'].flatMap((table) =>
    readFileSync(`/proc/net/${table}`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(([, local, , state]) => state === listening && local!.endsWith(`:${portHex}`))
      .map(([, local]) => kernelAddress(local!.split(':')[0]!)),
  );
}

/** An address as /proc/net prints it (32-bit words in host byte order) in dotted or colon notation. */
function kernelAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => [...Buffer.from(word, 'hex').reverse()]);
  if (bytes.length === 4) return bytes.join('.');
  return Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
}
