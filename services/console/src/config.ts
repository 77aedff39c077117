import { commonEnv, port, secret, z } from '@switchboard/config'

/** The console's environment, parsed once at start by `main.ts`. */
export const consoleEnv = z.object({
  ...commonEnv,
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port(8090),
  /** chat-api's admin gRPC address (`host:port`): everything the console shows or does goes through it. */
  ADMIN_GRPC_URL: z.string().default('127.0.0.1:50051'),
  /** The admin token: the console calls the admin API with it, and it signs an operator in as `admin`. */
  ADMIN_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')),
  /** Signs an operator in as `viewer`: sees everything the console shows, changes nothing. */
  CONSOLE_READONLY_TOKEN: secret(z.string().min(16, 'must be at least 16 characters')).optional(),
  /** NATS, for the live feed of handler calls (`sb.logs.*`, read only). */
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_PREFIX: z.string().default(''),
  /** The public base URL of ingress: webhook URLs are `<base>/<webhookId>`. */
  PUBLIC_WEBHOOK_BASE_URL: z.url().default('http://127.0.0.1:8080'),
  /** The built web app (vite build); default: services/console/dist/web. */
  ASSETS_DIR: z.string().optional(),
})

/** The console's parsed configuration. */
export type ConsoleConfig = z.infer<typeof consoleEnv>
