/**
 * The three kinds of ARCHITECTURE.md §3, written once. Their TypeScript types, their CRDs and
 * `validateResource` are all derived from the schemas below.
 */
import {
  arr,
  bool,
  freeform,
  int,
  obj,
  oneOfStrings,
  openObj,
  opt,
  str,
  type Infer,
  type Schema,
} from './schema.js'

/** The API group of the kinds. */
export const GROUP = 'switchboard.dev'
/** The version of the kinds. */
export const VERSION = 'v1alpha1'
/** `apiVersion` of every Switchboard resource. */
export const API_VERSION = `${GROUP}/${VERSION}` as const

/** A lowercase name as chat-api accepts it for integrations and aliases. */
const NAME = '^[a-z][a-z0-9-]{1,99}$'
/** A Kubernetes object name in the same namespace (DNS-1123 subdomain). */
const objectName = (description: string) =>
  str({
    description,
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    maxLength: 253,
  })
const localRef = (description: string) => obj({ name: objectName('Name of the object.') }, { description })
const secretKeyRef = (description: string) =>
  obj(
    {
      name: objectName('Name of the Secret.'),
      key: str({ description: 'Key in the Secret.', pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }),
    },
    { description },
  )
const sha256 = str({
  description: 'sha256 of the bundle bytes, 64 lowercase hex digits.',
  pattern: '^[0-9a-f]{64}$',
})

/** Where a bundle comes from: exactly one source. */
const bundle = obj(
  {
    image: opt(
      str({
        description:
          'An image built FROM the Switchboard runner image with the bundle at /bundle/bundle.cjs; `sha256` is required with it.',
        minLength: 1,
        maxLength: 512,
      }),
    ),
    configMapRef: opt(
      obj(
        {
          name: objectName('Name of the ConfigMap (same namespace).'),
          key: str({
            description: 'Key in binaryData (or data) holding the gzip’d CommonJS bundle.',
            pattern: '^[-._a-zA-Z0-9]+$',
          }),
        },
        { description: 'A ConfigMap in the same namespace holding the gzip’d CommonJS bundle.' },
      ),
    ),
    url: opt(
      str({
        description:
          'An http(s) URL serving the CommonJS bundle (gzip’d or not); `sha256` is required with it.',
        pattern: '^https?://\\S+$',
        maxLength: 2048,
      }),
    ),
    sha256: opt(sha256),
    path: opt(
      str({
        description:
          'A file on the machine running `switchboard dev` (local mode only; the operator refuses it).',
        minLength: 1,
      }),
    ),
  },
  {
    description: 'The bundle built with @botpress/sdk: exactly one of image, configMapRef, url or path.',
    exactlyOne: [['image', 'sha256'], ['configMapRef'], ['url', 'sha256'], ['path']],
  },
)

const runtime = obj(
  {
    replicas: opt(int({ description: 'Sandbox pods of this version (default 1).', minimum: 0, maximum: 50 })),
    memory: opt(
      str({
        description: 'Memory limit of a sandbox, e.g. 256Mi (default 256Mi).',
        pattern: '^[1-9][0-9]*(Mi|Gi)$',
      }),
    ),
    timeoutMs: opt(
      int({
        description: 'Deadline of one handler call in ms (default: the dispatcher’s).',
        minimum: 100,
        maximum: 600000,
      }),
    ),
    concurrency: opt(
      int({
        description: 'Calls in flight per sandbox pod at most (default: unlimited).',
        minimum: 1,
        maximum: 1000,
      }),
    ),
    runtimeClassName: opt(
      str({
        description: 'RuntimeClass of the sandbox pods, e.g. gvisor or kata.',
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
        maxLength: 253,
      }),
    ),
  },
  { description: 'How the sandboxes of this version run.' },
)

/** A status condition (metav1.Condition). */
const condition = obj({
  type: str({ description: 'Configured, Registered, Ready, Published or SandboxReady.', maxLength: 316 }),
  status: oneOfStrings(['True', 'False', 'Unknown'] as const),
  reason: str({ description: 'CamelCase reason of the last transition.', maxLength: 1024 }),
  message: str({ description: 'Human-readable details.', maxLength: 32768 }),
  lastTransitionTime: str({ format: 'date-time' }),
  observedGeneration: opt(int({ minimum: 0 })),
})
const conditions = arr(condition, {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
})
const observedGeneration = int({ description: 'The generation the status describes.', minimum: 0 })

const integrationSpec = obj({
  definition: openObj(
    {
      name: str({ description: 'The integration’s name (lowercase, 2-100 chars).', pattern: NAME }),
      version: str({ description: 'The integration’s version.', pattern: '^[0-9A-Za-z.+-]{1,50}$' }),
    },
    {
      description:
        'What `bp read` / `switchboard build` prints: configuration schema, channels, tags, actions, events, states, secrets.',
    },
  ),
  bundle,
  webhook: opt(
    obj(
      {
        idempotencyKey: opt(
          str({
            description: 'Where a delivery’s unique id is: body:/json/pointer or header:Name.',
            pattern: '^(body:/.*|header:[A-Za-z0-9-]+)$',
          }),
        ),
        syncTimeoutMs: opt(
          int({
            description: 'How long ingress waits for the handler’s answer (default 2500).',
            minimum: 0,
            maximum: 30000,
          }),
        ),
      },
      { description: 'How ingress treats this integration’s webhooks.' },
    ),
  ),
  runtime: opt(runtime),
  secretsFrom: opt(
    localRef('A Secret in the same namespace whose keys become SECRET_<KEY> in the sandboxes.'),
  ),
})

const integrationStatus = obj({
  integrationId: opt(str({ description: 'The integration version’s id at chat-api.' })),
  bundleSha256: opt(str({ description: 'sha256 of the CommonJS bundle registered.' })),
  publishedRevision: opt(
    str({ description: 'Which inputs (generation, bundle ConfigMap) were last registered.' }),
  ),
  secretsRevision: opt(str({ description: 'Which version of the secretsFrom Secret was last stored.' })),
  observedGeneration: opt(observedGeneration),
  conditions: opt(conditions),
})

const botSpec = obj(
  {
    bundle: opt(bundle),
    endpoint: opt(
      obj(
        {
          url: str({
            description: 'The bot server speaking the bot side of the protocol.',
            pattern: '^https?://\\S+$',
          }),
          signingSecretRef: opt(
            secretKeyRef('The Secret key holding the signing secret of calls to the endpoint.'),
          ),
        },
        { description: 'An external bot server.' },
      ),
    ),
    runtime: opt(runtime),
  },
  {
    description:
      'A bot runs a bundle, or is an external endpoint, or neither (it acts through its own tokens).',
    atMostOne: ['bundle', 'endpoint'],
  },
)

const botStatus = obj({
  botId: opt(str({ description: 'The bot’s id at chat-api.' })),
  publishedRevision: opt(
    str({ description: 'Which inputs (generation, bundle ConfigMap, signing Secret) were last registered.' }),
  ),
  observedGeneration: opt(observedGeneration),
  conditions: opt(conditions),
})

const installationSpec = obj(
  {
    botRef: localRef('The Bot (same namespace) the integration is installed in.'),
    integrationRef: localRef('The Integration (same namespace) to install.'),
    alias: opt(
      str({
        description: 'Name of the installation in the bot (default: the integration’s name). Cannot change.',
        pattern: NAME,
        maxLength: 100,
      }),
    ),
    configurationType: opt(
      str({
        description:
          'Which of the integration’s `configurations` this installation uses (default: its `configuration`). The configuration is validated against that one’s schema, and handlers see it as ctx.configurationType.',
        maxLength: 200,
      }),
    ),
    configuration: opt(
      freeform({ description: 'Configuration, validated against the definition’s configuration schema.' }),
    ),
    configurationFrom: opt(
      localRef('A Secret (same namespace) whose keys are merged into the configuration as string fields.'),
    ),
    enabled: opt(
      bool({ description: 'Whether the installation receives webhooks (default true).', default: true }),
    ),
  },
  {
    'x-kubernetes-validations': [
      {
        rule: 'has(self.alias) == has(oldSelf.alias) && (!has(self.alias) || self.alias == oldSelf.alias)',
        message: 'alias cannot change: create a new Installation',
        fieldPath: '.alias',
      },
      {
        rule: 'self.botRef.name == oldSelf.botRef.name',
        message: 'botRef cannot change: create a new Installation',
        fieldPath: '.botRef.name',
      },
    ],
  },
)

const installationStatus = obj({
  installationId: opt(str({ description: 'The installation’s id at chat-api.' })),
  webhookId: opt(str({ description: 'The webhook ID naming this installation.' })),
  webhookUrl: opt(str({ description: 'Where the external service sends webhooks.' })),
  configurationRevision: opt(
    str({
      description:
        'Which inputs (generation, configurationFrom Secret, integration version) were last stored.',
    }),
  ),
  observedGeneration: opt(observedGeneration),
  conditions: opt(conditions),
})

/** The minimal object metadata the kinds use. */
export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  finalizers?: string[]
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [key: string]: unknown
}

/** A status condition. */
export type Condition = Infer<typeof condition>
/** Where a bundle comes from. */
export type BundleSource = Infer<typeof bundle>
/** How sandboxes run. */
export type RuntimeSpec = Infer<typeof runtime>

/** Integration spec: the definition, the bundle, webhook settings, runtime and secrets. */
export type IntegrationSpec = Infer<typeof integrationSpec>
/** Integration status, written by the operator. */
export type IntegrationStatus = Infer<typeof integrationStatus>
/** Bot spec: a bundle or an external endpoint. */
export type BotSpec = Infer<typeof botSpec>
/** Bot status, written by the operator. */
export type BotStatus = Infer<typeof botStatus>
/** Installation spec: which integration in which bot, its alias, configuration and whether enabled. */
export type InstallationSpec = Infer<typeof installationSpec>
/** Installation status: ids, the webhook URL and the Configured/Registered/Ready conditions. */
export type InstallationStatus = Infer<typeof installationStatus>

interface Resource<K extends string, S, St> {
  apiVersion: typeof API_VERSION
  kind: K
  metadata: ObjectMeta
  spec: S
  status?: St
}

/** An integration version and its bundle (switchboard.dev/v1alpha1 Integration). */
export type Integration = Resource<'Integration', IntegrationSpec, IntegrationStatus>
/** A bot (switchboard.dev/v1alpha1 Bot). */
export type Bot = Resource<'Bot', BotSpec, BotStatus>
/** An integration installed in a bot (switchboard.dev/v1alpha1 Installation). */
export type Installation = Resource<'Installation', InstallationSpec, InstallationStatus>
/** Any Switchboard resource. */
export type SwitchboardResource = Integration | Bot | Installation
/** The kinds' names. */
export type Kind = SwitchboardResource['kind']

/** A printer column of `kubectl get`. */
export interface PrinterColumn {
  name: string
  type: 'string' | 'integer' | 'date' | 'boolean' | 'number'
  jsonPath: string
  description?: string
  priority?: number
}

/** Everything a CRD needs to know about one kind. */
export interface KindInfo {
  kind: Kind
  plural: string
  singular: string
  shortNames: string[]
  spec: Schema<unknown>
  status: Schema<unknown>
  /** Condition types the operator sets, `Ready` last. */
  conditionTypes: readonly string[]
  columns: PrinterColumn[]
  description: string
}

const readyColumns: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  {
    name: 'Reason',
    type: 'string',
    jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
    priority: 1,
  },
]
const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }

/** The three kinds, in the order they are usually applied. */
export const KINDS: readonly KindInfo[] = [
  {
    kind: 'Integration',
    plural: 'integrations',
    singular: 'integration',
    shortNames: ['sbintegration', 'sbint'],
    spec: integrationSpec,
    status: integrationStatus,
    conditionTypes: ['Published', 'SandboxReady', 'Ready'],
    columns: [
      { name: 'Version', type: 'string', jsonPath: '.spec.definition.version' },
      ...readyColumns,
      age,
    ],
    description: 'An integration version: its definition, its bundle and how its sandboxes run.',
  },
  {
    kind: 'Bot',
    plural: 'bots',
    singular: 'bot',
    shortNames: ['sbbot'],
    spec: botSpec,
    status: botStatus,
    conditionTypes: ['Published', 'Ready'],
    columns: [...readyColumns, age],
    description: 'A bot: a bundle built with the SDK’s Bot, or an external endpoint.',
  },
  {
    kind: 'Installation',
    plural: 'installations',
    singular: 'installation',
    shortNames: ['sbinstall', 'sbinst'],
    spec: installationSpec,
    status: installationStatus,
    conditionTypes: ['Configured', 'Registered', 'Ready'],
    columns: [
      ...readyColumns,
      { name: 'Webhook URL', type: 'string', jsonPath: '.status.webhookUrl' },
      {
        name: 'Registered',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="Registered")].status',
        priority: 1,
      },
      age,
    ],
    description: 'An integration installed in a bot under an alias, with its configuration.',
  },
]

/** The description of `kind`. */
export function kindInfo(kind: Kind): KindInfo {
  const k = KINDS.find((x) => x.kind === kind)
  if (!k) throw new Error(`unknown kind ${kind}`)
  return k
}
