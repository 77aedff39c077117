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
}

/**
 * Node's permission model: read only the runner and the bundle; no writes, child processes, workers,
 * WASI or native addons (none of those is granted). Node 20 takes one `--allow-fs-read` per path.
 */
export function nodeArgs(o: SandboxCommandOptions): string[] {
  return [
    '--experimental-permission',
    `--allow-fs-read=${o.runnerPath}`,
    `--allow-fs-read=${o.bundlePath}`,
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
 * network stays: handlers call the Runtime API and external services. The two files are bound
 * read-only again after /tmp is replaced, in case they live under it.
 */
export function bwrapArgs(o: SandboxCommandOptions): string[] {
  return [
    '--ro-bind', '/', '/',
    '--tmpfs', '/tmp',
    '--proc', '/proc',
    '--dev', '/dev',
    '--ro-bind', o.runnerPath, o.runnerPath,
    '--ro-bind', o.bundlePath, o.bundlePath,
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
