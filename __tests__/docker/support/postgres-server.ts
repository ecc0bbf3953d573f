import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, makeTempDir, removeTempDir, waitFor } from '../../support/app-processes';
import { executable, locate } from '../../support/external-tools';
import { describeWith } from '../../support/describe-with';

/** Debian installs the server's binaries per major version, off PATH. */
const DEBIAN_SERVER_DIRS = '/usr/lib/postgresql';
const INSTALL = 'apt-get install postgresql';
/** The user the server runs as when the suite is root: PostgreSQL refuses to run as root. */
const SERVER_USER = 'postgres';
const DATABASE_USER = 'terraform';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** The directory of `initdb` and `postgres`: where an initdb on PATH really is, else Debian's newest version. */
export function postgresBinDir(): string | undefined {
  const onPath = locate({ binary: 'initdb', install: INSTALL, requiredInCi: true });
  const candidates = [
    ...(onPath === undefined ? [] : [dirname(realpathSync(onPath))]),
    ...(() => {
      try {
        return readdirSync(DEBIAN_SERVER_DIRS)
          .filter((version) => /^\d+$/.test(version))
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => join(DEBIAN_SERVER_DIRS, version, 'bin'));
      } catch {
        return [];
      }
    })(),
  ];
  return candidates.find((dir) => executable(join(dir, 'initdb')) && executable(join(dir, 'postgres')));
}

function serverUserIds(): { uid: number; gid: number } | undefined {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()));
    return { uid: uid!, gid: gid! };
  } catch {
    return undefined;
  }
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/**
 * `describe` for a suite that starts its own PostgreSQL server: without the server's binaries (or,
 * as root, without the `postgres` user to run them as) it fails under CI=true and is skipped elsewhere.
 */
export function describeWithPostgres(name: string, body: (binDir: string) => void): void {
  const binDir = postgresBinDir();
  const missing =
    binDir === undefined
      ? `PostgreSQL's initdb and postgres not found on PATH nor in ${DEBIAN_SERVER_DIRS}/<version>/bin: ${INSTALL}`
      : runningAsRoot() && serverUserIds() === undefined
        ? `no user ${SERVER_USER} to run PostgreSQL as (it refuses root): ${INSTALL} creates it`
        : undefined;
  describeWith(name, { need: 'a PostgreSQL server to start', missing }, () => body(binDir ?? ''));
}

/**
 * A PostgreSQL server of the suite's own: a new data directory in a temp dir, listening on a free
 * port of 127.0.0.1 only (no unix socket), password authentication, run as `postgres` when the
 * suite is root. Stopped by its postmaster's PID.
 */
export class PostgresServer {
  private constructor(
    private readonly dir: string,
    private readonly server: ChildProcess,
    private readonly output: () => string,
    readonly pid: number,
    /** `postgres://` URL with the password: for the environment (PG_CONN_STR), never a file. */
    readonly connectionString: string,
    readonly binDir: string,
  ) {}

  static async start(binDir: string): Promise<PostgresServer> {
    const dir = makeTempDir('pgsuite-postgres');
    try {
      const owner = runningAsRoot() ? serverUserIds() : undefined;
      const asServerUser = (command: string, args: string[]): [string, string[]] => (owner === undefined ? [command, args] : ['runuser', ['-u', SERVER_USER, '--', command, ...args]]);
      const password = randomBytes(18).toString('hex');
      const passwordFile = join(dir, 'password');
      writeFileSync(passwordFile, password, { mode: 0o600 });
      if (owner !== undefined) {
        chownSync(dir, owner.uid, owner.gid);
        chownSync(passwordFile, owner.uid, owner.gid);
      }
      chmodSync(dir, 0o700);
      const dataDir = join(dir, 'data');
      const [initdb, initdbArgs] = asServerUser(join(binDir, 'initdb'), ['-D', dataDir, '-U', DATABASE_USER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-instructions']);
      execFileSync(initdb, initdbArgs, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: START_TIMEOUT_MS });
      removeTempDir(passwordFile);

      const port = await freePort();
      const [postgres, postgresArgs] = asServerUser(join(binDir, 'postgres'), ['-D', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', `port=${port}`, '-c', 'unix_socket_directories=']);
      const server = spawn(postgres, postgresArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      // The postmaster writes its PID, and `ready` on line 8 once it accepts connections.
      const pid = await waitFor(
        () => {
          if (server.exitCode !== null || server.signalCode !== null) throw new Error(`postgres exited ${server.exitCode}:\n${output.slice(-3000)}`);
          try {
            const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
            return lines[7]?.trim() === 'ready' ? Number(lines[0]) : undefined;
          } catch {
            return undefined;
          }
        },
        { what: `PostgreSQL on 127.0.0.1:${port} to accept connections`, timeoutMs: START_TIMEOUT_MS, intervalMs: 200 },
      );
      return new PostgresServer(dir, server, () => output, pid, `postgres://${DATABASE_USER}:${password}@127.0.0.1:${port}/postgres?sslmode=disable`, binDir);
    } catch (error) {
      removeTempDir(dir);
      throw error;
    }
  }

  /** The rows of one SQL query, as psql prints them unaligned: one line per row, columns split by `|`. */
  query(sql: string): string[] {
    const printed = execFileSync(join(this.binDir, 'psql'), ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', this.connectionString, '-c', sql], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return printed.split('\n').filter((line) => line !== '');
  }

  /** Fast shutdown of the postmaster by its PID, waited for; then its data directory goes. */
  async stop(): Promise<void> {
    const exited = () => this.server.exitCode !== null || this.server.signalCode !== null;
    try {
      if (!exited()) {
        process.kill(this.pid, 'SIGINT');
        await waitFor(exited, { what: `PostgreSQL (PID ${this.pid}) to stop`, timeoutMs: STOP_TIMEOUT_MS, intervalMs: 100 });
      }
    } catch (error) {
      // Immediate shutdown: the postmaster ends its backends and exits without a checkpoint.
      process.kill(this.pid, 'SIGQUIT');
      throw new Error(`${(error as Error).message}\n${this.output().slice(-3000)}`);
    } finally {
      removeTempDir(this.dir);
    }
  }
}
