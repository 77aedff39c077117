import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** What a runner process is started with. */
export interface SandboxCommandOptions {
  /** The node binary (default: the one running this process). */
  node: string
  /** The runner file and the bundle file: the only two files the process may read. */
  runnerPath: string
  bundlePath: string
  /** Old-space heap cap in MiB. */
  memoryMb: number
  /** bubblewrap binary to wrap the process in, or undefined to run node directly. */
  bwrap?: string
  /**
   * An isolated network (bubblewrap only): its own namespace, with `socketDir` (the runner's and the
   * bridges' sockets) bound in read-write and `resolvConf` over the resolv.conf at `resolvConfPath`.
   */
  network?: { socketDir: string; resolvConf: string; resolvConfPath: string }
  /**
   * Benchmarks only: write a V8 CPU profile (`--cpu-prof`) into this directory when the runner exits.
   * Node's permission model refuses profilers, so the process runs without it (bubblewrap and the
   * network namespace stay).
   */
  cpuProfileDir?: string
}

/** bubblewrap's descriptors of an isolated sandbox: it reports its pid on 3 and waits on 4 until set up. */
export const BWRAP_INFO_FD = 3
export const BWRAP_BLOCK_FD = 4

/**
 * Node's permission model: read only the runner and the bundle; no writes, child processes, workers,
 * WASI or native addons (none of those is granted). Node 20 takes one `--allow-fs-read` per path.
 */
export function nodeArgs(o: SandboxCommandOptions): string[] {
  const permissions = o.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`]
    : ['--experimental-permission', `--allow-fs-read=${o.runnerPath}`, `--allow-fs-read=${o.bundlePath}`]
  return [
    ...permissions,
    '--no-addons',
    `--max-old-space-size=${o.memoryMb}`,
    // The permission model announces itself on every start; it is expected here, not news.
    '--disable-warning=ExperimentalWarning',
    o.runnerPath,
  ]
}

/**
 * bubblewrap around node: the host's root read-only, a private /tmp, /proc and /dev, new PID and IPC
 * namespaces, a new session (no terminal injection), no capabilities, killed with its parent. The
 * two files are bound read-only again after /tmp is replaced, in case they live under it. With
 * `network`, also a network namespace of its own (the driver gives it outbound NAT once bubblewrap
 * reports its pid, then lets it go on), a private /run (the host's Unix sockets, Postgres's among
 * them, stay out of reach) and slirp4netns's DNS; without, the host's network.
 */
export function bwrapArgs(o: SandboxCommandOptions): string[] {
  const n = o.network
  const isolated = n
    ? [
        '--unshare-net',
        '--tmpfs',
        '/run',
        '--bind',
        n.socketDir,
        n.socketDir,
        '--ro-bind',
        n.resolvConf,
        n.resolvConfPath,
        '--info-fd',
        String(BWRAP_INFO_FD),
        '--block-fd',
        String(BWRAP_BLOCK_FD),
      ]
    : []
  return [
    '--ro-bind', '/', '/',
    '--tmpfs', '/tmp',
    '--proc', '/proc',
    '--dev', '/dev',
    '--ro-bind', o.runnerPath, o.runnerPath,
    '--ro-bind', o.bundlePath, o.bundlePath,
    ...(o.cpuProfileDir ? ['--bind', o.cpuProfileDir, o.cpuProfileDir] : []),
    ...isolated,
    '--unshare-pid',
    '--unshare-ipc',
    '--die-with-parent',
    '--new-session',
    '--cap-drop', 'ALL',
    '--chdir', '/',
    '--',
    o.node,
  ] // prettier-ignore
}

/** The command line that starts one sandboxed runner. */
export function sandboxCommand(o: SandboxCommandOptions): { command: string; args: string[] } {
  if (!o.bwrap) return { command: o.node, args: nodeArgs(o) }
  return { command: o.bwrap, args: [...bwrapArgs(o), ...nodeArgs(o)] }
}

/** The first executable called `name` on `path` (a PATH-style list), if any. */
export function findExecutable(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}
