import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { connect, createServer, type Server } from 'node:net'
import { join } from 'node:path'

/** A TCP port on the host that an isolated sandbox reaches at the same port on its own 127.0.0.1. */
export interface BridgedPort {
  port: number
  /** Where the port really is (default 127.0.0.1). */
  host?: string
}

/**
 * The host side of one isolated sandbox's sockets: a private directory (0700) bound into the sandbox,
 * holding `runner.sock` (the runner serves there; the driver calls it) and one `<port>.sock` per
 * bridged port, which this end pipes to `host:port`. The runner's end listens on 127.0.0.1:<port>
 * inside the namespace, so a URL such as BP_API_URL works unchanged.
 */
export class SocketBridge {
  private readonly servers: Server[] = []

  private constructor(
    /** The directory bound into the sandbox. */
    readonly dir: string,
  ) {}

  /** The runner's socket path. */
  get runnerSocket(): string {
    return join(this.dir, 'runner.sock')
  }

  /** Creates the directory under `parent` and listens on one socket per port. */
  static async open(
    parent: string,
    ports: BridgedPort[],
  ): Promise<{ bridge: SocketBridge; bridges: Array<{ port: number; socket: string }> }> {
    await mkdir(parent, { recursive: true, mode: 0o700 })
    const dir = await mkdtemp(join(parent, 'net-'))
    await chmod(dir, 0o700)
    const bridge = new SocketBridge(dir)
    const bridges: Array<{ port: number; socket: string }> = []
    try {
      for (const p of ports) {
        const socket = join(dir, `${p.port}.sock`)
        const server = createServer((inside) => {
          const outside = connect(p.port, p.host ?? '127.0.0.1')
          inside.pipe(outside).pipe(inside)
          inside.on('error', () => outside.destroy())
          outside.on('error', () => inside.destroy())
        })
        bridge.servers.push(server)
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(socket, resolve)
        })
        bridges.push({ port: p.port, socket })
      }
    } catch (err) {
      await bridge.close()
      throw err
    }
    return { bridge, bridges }
  }

  /** Stops listening and removes the directory. */
  async close(): Promise<void> {
    for (const s of this.servers.splice(0)) s.close()
    await rm(this.dir, { recursive: true, force: true })
  }
}
