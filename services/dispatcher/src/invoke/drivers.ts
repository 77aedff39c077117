import type { Logger } from '@switchboard/logging'
import {
  inClusterServiceLister,
  KubernetesSandboxDriver,
  ProcessSandboxDriver,
  ServiceDirectory,
  type SandboxDriver,
} from '@switchboard/sandbox'
import type { DispatcherConfig } from '../config.js'

/**
 * The sandbox driver the configuration asks for (`opts.loopbackPorts` replaces SANDBOX_LOOPBACK_PORTS
 * with ports read at each sandbox start, for tests whose stand-in services start later). The process driver loads each bundle it runs; the
 * kubernetes driver calls runners the operator keeps, which get their bundles themselves.
 */
export function createDriver(
  config: DispatcherConfig,
  logger: Logger,
  opts: { loopbackPorts?: () => Iterable<number> } = {},
): { driver: SandboxDriver; loadsBundles: boolean } {
  if (config.SANDBOX_DRIVER === 'kubernetes') {
    const lister = inClusterServiceLister({
      host: config.KUBERNETES_SERVICE_HOST!,
      port: config.KUBERNETES_SERVICE_PORT,
    })
    return {
      driver: new KubernetesSandboxDriver({
        logger,
        defaultTimeoutMs: config.INVOKE_TIMEOUT_MS,
        directory: new ServiceDirectory(lister),
      }),
      loadsBundles: false,
    }
  }
  return {
    driver: new ProcessSandboxDriver({
      logger,
      defaultTimeoutMs: config.INVOKE_TIMEOUT_MS,
      network: config.SANDBOX_NETWORK,
      loopbackPorts: opts.loopbackPorts ?? (() => config.SANDBOX_LOOPBACK_PORTS),
    }),
    loadsBundles: true,
  }
}
