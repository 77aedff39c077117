import { describe, expect, it } from 'vitest'
import { sandboxCommand, type SandboxCommandOptions } from './command.js'

const base: SandboxCommandOptions = {
  node: '/usr/bin/node',
  runnerPath: '/tmp/sb/runner.cjs',
  bundlePath: '/tmp/sb/bundles/abc.cjs',
  memoryMb: 128,
  bwrap: '/usr/bin/bwrap',
  network: {
    socketDir: '/tmp/sb/net/net-1',
    resolvConf: '/tmp/sb/resolv.conf',
    resolvConfPath: '/etc/resolv.conf',
  },
}

describe('the command line of a sandboxed runner', () => {
  it('runs node under the permission model, reading only the runner and the bundle', () => {
    const { command, args } = sandboxCommand(base)
    expect(command).toBe('/usr/bin/bwrap')
    expect(args).toContain('--experimental-permission')
    expect(args.filter((a) => a.startsWith('--allow-fs-read='))).toEqual([
      '--allow-fs-read=/tmp/sb/runner.cjs',
      '--allow-fs-read=/tmp/sb/bundles/abc.cjs',
    ])
    expect(args.some((a) => a.startsWith('--allow-fs-write') || a.startsWith('--cpu-prof'))).toBe(false)
  })

  it('profiled (benchmarks only): no permission model, the profile directory bound, isolation kept', () => {
    const { args } = sandboxCommand({ ...base, cpuProfileDir: '/tmp/prof/runner' })
    expect(args).not.toContain('--experimental-permission')
    expect(args).toContain('--cpu-prof-dir=/tmp/prof/runner')
    const binds = args.flatMap((a, i) => (a === '--bind' ? [`${args[i + 1]} -> ${args[i + 2]}`] : []))
    expect(binds).toEqual(['/tmp/prof/runner -> /tmp/prof/runner', '/tmp/sb/net/net-1 -> /tmp/sb/net/net-1'])
    for (const flag of ['--unshare-net', '--unshare-pid', '--die-with-parent', '--no-addons']) {
      expect(args).toContain(flag)
    }
    expect(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2)).toEqual([
      '--cap-drop',
      'ALL',
    ])
  })
})
