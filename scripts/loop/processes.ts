/**
 * The four services in processes of their own, started as `npm start -w <svc>` starts them, on free
 * ports, a fresh database and a fresh NATS prefix, each with its own least-privilege identity: what
 * the chaos run kills and restarts and what the loop benchmark measures.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort } from '@switchboard/cli'
import pg from 'pg'
import { SCHEMA } from '@switchboard/chat-api'
import { promiseClient, protos } from '@switchboard/proto'
import { nodesBelow } from '../bench-loop/cpu.js'
import type { ChaosTarget, Victim } from '../chaos/run.js'
import {
  createTestDatabase,
  createTestNats,
  startServiceProcess,
  type ServiceProcess,
} from '@switchboard/testing'

/** The services `startProcessPlatform` starts. */
export type ServiceName = 'chat-api' | 'secrets' | 'ingress' | 'dispatcher'

/** A running platform of four service processes, as the chaos run drives it. */
export interface ProcessPlatform extends ChaosTarget {
  services: Record<ServiceName, ServiceProcess>
  /** The platform's own database (its backends are the ones named after it). */
  databaseName: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`

/** Starts chat-api and secrets, then ingress and the dispatcher; each logs to `<logDir>/<name>.log`. */
export async function startProcessPlatform(o: {
  logDir: string
  /** Extra settings per service (e.g. `NODE_OPTIONS` for a CPU profile). */
  env?: Partial<Record<ServiceName, Record<string, string>>>
  /** Ports on this host's loopback the dispatcher's sandboxes may reach (the sinks). */
  sandboxLoopbackPorts?: number[]
  /** The NATS server (default: the shared test server). */
  natsUrl?: string
  logLevel?: string
}): Promise<ProcessPlatform> {
  const [db, nats] = await Promise.all([createTestDatabase(), createTestNats(o.natsUrl)])
  const ports: number[] = []
  while (ports.length < 6) {
    const p = await freePort(HOST)
    if (!ports.includes(p)) ports.push(p)
  }
  const [chatHttp, chatGrpc, secretsGrpc, secretsHttp, ingressHttp, dispatcherHttp] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const adminToken = token('sba')
  const resolverToken = token('sbw')
  const dispatcherToken = token('sbd')
  const secretsAdminToken = token('sbs')
  const readerToken = token('sbr')
  const common = {
    NATS_URL: nats.url,
    NATS_PREFIX: nats.prefix,
    LOG_LEVEL: o.logLevel ?? 'warn',
    HTTP_HOST: HOST,
    GRPC_HOST: HOST,
  }
  const ingressUrl = `http://${HOST}:${ingressHttp}`
  const apiUrl = `http://${HOST}:${chatHttp}`
  const start = (name: ServiceName, port: number, env: Record<string, string>) =>
    startServiceProcess({
      workspace: `@switchboard/${name}`,
      env: { ...common, ...env, HTTP_PORT: String(port) },
      readyUrl: `http://${HOST}:${port}/readyz`,
      logFile: join(o.logDir, `${name}.log`),
      readyTimeoutMs: 120_000,
    })
  const started: ServiceProcess[] = []
  const track = async (p: Promise<ServiceProcess>) => {
    const s = await p
    started.push(s)
    return s
  }
  try {
    const [chat, secrets] = await Promise.all([
      track(
        start('chat-api', chatHttp, {
          DATABASE_URL: db.url,
          ADMIN_TOKEN: adminToken,
          WEBHOOK_RESOLVER_TOKEN: resolverToken,
          DISPATCHER_TOKEN: dispatcherToken,
          SECRETS_GRPC_URL: `${HOST}:${secretsGrpc}`,
          SECRETS_ADMIN_TOKEN: secretsAdminToken,
          GRPC_PORT: String(chatGrpc),
          ...o.env?.['chat-api'],
        }),
      ),
      track(
        start('secrets', secretsHttp, {
          DATABASE_URL: db.url,
          GRPC_PORT: String(secretsGrpc),
          SWITCHBOARD_MASTER_KEY: randomBytes(32).toString('base64'),
          SECRETS_ADMIN_TOKEN: secretsAdminToken,
          SECRETS_READER_TOKEN: readerToken,
          ...o.env?.secrets,
        }),
      ),
    ])
    const adminGrpc = `${HOST}:${chatGrpc}`
    const [ingress, dispatcher] = await Promise.all([
      track(
        start('ingress', ingressHttp, {
          ADMIN_GRPC_URL: adminGrpc,
          WEBHOOK_RESOLVER_TOKEN: resolverToken,
          PUBLIC_URL: ingressUrl,
          ...o.env?.ingress,
        }),
      ),
      track(
        start('dispatcher', dispatcherHttp, {
          ADMIN_GRPC_URL: adminGrpc,
          DISPATCHER_TOKEN: dispatcherToken,
          SECRETS_GRPC_URL: `${HOST}:${secretsGrpc}`,
          SECRETS_READER_TOKEN: readerToken,
          CHAT_API_URL: apiUrl,
          PUBLIC_WEBHOOK_BASE_URL: ingressUrl,
          SANDBOX_LOOPBACK_PORTS: (o.sandboxLoopbackPorts ?? []).join(','),
          ...o.env?.dispatcher,
        }),
      ),
    ])
    const admin = promiseClient(protos.admin.AdminService, adminGrpc, { token: adminToken })
    const secretsAdmin = promiseClient(protos.secrets.SecretsService, `${HOST}:${secretsGrpc}`, {
      token: secretsAdminToken,
    })
    const pool = new pg.Pool({ connectionString: db.url, max: 2, options: `-c search_path=${SCHEMA}` })
    const services = { 'chat-api': chat, secrets, ingress, dispatcher }
    return {
      services,
      databaseName: db.name,
      host: { admin, secretsAdmin, apiUrl },
      ingressUrl,
      nats,
      query: async <R>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as R[],
      async kill(victim: Victim) {
        if (victim !== 'runner') return void (await services[victim].kill9())
        // A runner starts on the dispatcher's first call after its own start: wait for one.
        const deadline = Date.now() + 30_000
        let pid: number | undefined
        while (!(pid = nodesBelow(dispatcher.pid, '--experimental-permission')[0]) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200))
        if (!pid) return 'no runner process found'
        process.kill(pid, 'SIGKILL')
        return `pid ${pid}`
      },
      async restart(victim: Victim) {
        if (victim !== 'runner') await services[victim].restart()
      },
      async close() {
        await pool.end()
        admin.close()
        secretsAdmin.close()
        for (const s of started.reverse()) await s.stop()
        await nats.cleanup()
        await db.drop()
      },
    }
  } catch (err) {
    for (const s of started.reverse()) await s.stop()
    await nats.cleanup()
    await db.drop()
    throw err
  }
}
