import { spawn, type ChildProcess } from 'node:child_process'
import { networkInterfaces } from 'node:os'
import { UnavailableError } from '@switchboard/errors'
import { findExecutable } from './command.js'

/**
 * How a sandbox reaches the network: `isolated` (its own network namespace with outbound NAT through
 * slirp4netns, no host loopback, no private ranges) or `host` (the host's network, an explicit opt-out).
 */
export type SandboxNetworkMode = 'isolated' | 'host'

/** The programs an isolated sandbox network needs, found on PATH. */
export interface NetworkTools {
  slirp4netns: string
  nsenter: string
  ip: string
}

/** Finds the network tools on a PATH-style list; the names of the missing ones otherwise. */
export function findNetworkTools(path: string): NetworkTools | { missing: string[] } {
  const sbinPath = `${path}:/usr/sbin:/sbin`
  const found = {
    slirp4netns: findExecutable('slirp4netns', sbinPath),
    nsenter: findExecutable('nsenter', sbinPath),
    ip: findExecutable('ip', sbinPath),
  }
  const missing = Object.entries(found)
    .filter(([, v]) => !v)
    .map(([k]) => k)
  return missing.length ? { missing } : (found as NetworkTools)
}

/** slirp4netns's gateway and DNS addresses inside the namespace (its defaults). */
export const SLIRP_DNS = '10.0.2.3'

/**
 * Destinations an isolated sandbox may not reach, on top of the host's loopback (which slirp4netns's
 * `--disable-host-loopback` already refuses): RFC 1918 and the other non-public IPv4 ranges, the
 * link-local range with the cloud metadata address, and every address of the host's own interfaces.
 * slirp4netns's own 10.0.2.0/24 stays reachable (DNS at 10.0.2.3) as the more specific route.
 */
export const BLOCKED_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
]

/** The host's own IPv4 addresses other than loopback, as /32 routes to refuse. */
export function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `${a!.address}/32`)
}

/**
 * The `ip -batch` script run inside the namespace: tap0 up with slirp4netns's default guest address
 * and gateway, then an unreachable route for each of `blocked`. (Not slirp4netns's `--configure`: it
 * also sets up `lo`, racing bubblewrap, which does that itself.)
 */
export function namespaceScript(blocked: string[]): string {
  return [
    'link set tap0 mtu 65520 up',
    'addr add 10.0.2.100/24 dev tap0',
    'route add default via 10.0.2.2 dev tap0',
    ...blocked.map((d) => `route add unreachable ${d}`),
  ]
    .map((line) => `${line}\n`)
    .join('')
}

/** A running slirp4netns for one sandbox; `close` stops it (it also exits when this process dies). */
export interface AttachedNetwork {
  close(): void
}

function run(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] })
    let err = ''
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    p.on('error', reject)
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.trim()}`)),
    )
    p.stdin!.end(input)
  })
}

/**
 * Gives the network namespace of process `pid` (a sandbox bubblewrap started with `--unshare-net`)
 * outbound NAT through slirp4netns with the host's loopback disabled, configures its tap0 and refuses the blocked
 * ranges and the host's own addresses with unreachable routes the sandbox cannot change (it has no
 * capabilities). Resolves once the namespace is ready; the caller then lets the sandbox go on.
 */
export async function attachNetwork(
  pid: number,
  tools: NetworkTools,
  timeoutMs = 10_000,
): Promise<AttachedNetwork> {
  const userns = process.getuid?.() === 0 ? [] : [`--userns-path=/proc/${pid}/ns/user`]
  // fd 3: slirp4netns writes "1" once tap0 exists; fd 4: it exits when we close it or die.
  const slirp: ChildProcess = spawn(
    tools.slirp4netns,
    ['--mtu=65520', '--disable-host-loopback', '--ready-fd=3', '--exit-fd=4', ...userns, String(pid), 'tap0'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  )
  const close = () => {
    ;(slirp.stdio[4] as NodeJS.WritableStream | null)?.end()
    slirp.kill('SIGKILL')
  }
  let stderr = ''
  slirp.stderr!.on('data', (d: Buffer) => (stderr = `${stderr}${d.toString()}`.slice(-2000)))
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('slirp4netns did not get ready in time')), timeoutMs)
      slirp.stdio[3]!.once('data', () => {
        clearTimeout(timer)
        resolve()
      })
      slirp.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      slirp.on('close', (code) => {
        clearTimeout(timer)
        reject(new Error(`slirp4netns exited ${code}: ${stderr.trim()}`))
      })
    })
    const enter = process.getuid?.() === 0 ? ['--net'] : ['--user', '--preserve-credentials', '--net']
    // Any port may be bridged in (the Runtime API on :80 included), though the sandbox has no capabilities.
    await run(
      tools.nsenter,
      [
        `--target=${pid}`,
        ...enter,
        '/bin/sh',
        '-c',
        `echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start && exec ${tools.ip} -batch -`,
      ],
      namespaceScript([...BLOCKED_RANGES, ...hostAddresses()]),
    )
  } catch (err) {
    close()
    throw new UnavailableError(`could not set up the sandbox network: ${(err as Error).message}`, {
      cause: err,
    })
  }
  slirp.removeAllListeners('close')
  return { close }
}
