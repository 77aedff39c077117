import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { KubeConfig } from '@kubernetes/client-node'
import { ConflictError, InvalidInputError } from '@switchboard/errors'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TYPES, type WatchEvent } from './api.js'
import { ClientNodeKube } from './client.js'

/**
 * The adapter over @kubernetes/client-node against a stub API server (no cluster runs here): the
 * paths it calls, the bearer token, and how API errors map to typed errors.
 */
const installation = {
  apiVersion: 'switchboard.dev/v1alpha1',
  kind: 'Installation',
  metadata: {
    name: 'hook',
    namespace: 'team-a',
    resourceVersion: '7',
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: { botRef: { name: 'b' }, integrationRef: { name: 'i' } },
}
const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
})

describe('ClientNodeKube', () => {
  let server: Server
  let kube: ClientNodeKube
  const seen: string[] = []

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x')
        seen.push(
          `${req.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''} ${req.headers.authorization}`,
        )
        const json = (code: number, v: unknown) =>
          res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(v))
        const p = url.pathname
        if (p === '/apis/switchboard.dev/v1alpha1')
          return json(200, {
            kind: 'APIResourceList',
            groupVersion: 'switchboard.dev/v1alpha1',
            resources: [
              {
                name: 'installations',
                kind: 'Installation',
                namespaced: true,
                verbs: ['get', 'list', 'watch', 'update'],
              },
              {
                name: 'installations/status',
                kind: 'Installation',
                namespaced: true,
                verbs: ['get', 'update'],
              },
            ],
          })
        if (
          p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/hook' &&
          req.method === 'GET'
        )
          return json(200, installation)
        if (p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/gone')
          return json(404, status(404, 'NotFound', 'installations "gone" not found'))
        if (p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/hook/status')
          return json(409, status(409, 'Conflict', 'the object has been modified'))
        if (
          p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/hook' &&
          req.method === 'PUT'
        )
          return json(422, status(422, 'Invalid', 'spec.alias: Invalid value: alias cannot change'))
        if (
          p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations' &&
          !url.searchParams.get('watch')
        )
          return json(200, {
            kind: 'InstallationList',
            metadata: { resourceVersion: '9' },
            items: [installation],
          })
        if (
          p === '/apis/switchboard.dev/v1alpha1/namespaces/team-a/installations' &&
          url.searchParams.get('watch')
        ) {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write(
            `${JSON.stringify({ type: 'MODIFIED', object: { ...installation, metadata: { ...installation.metadata, resourceVersion: '10' } } })}\n`,
          )
          return void setTimeout(() => res.end(), 50)
        }
        json(404, status(404, 'NotFound', `no stub for ${req.method} ${p}`))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [
        {
          name: 'stub',
          server: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'operator', token: 'sa-token' }],
      contexts: [{ name: 'stub', cluster: 'stub', user: 'operator' }],
      currentContext: 'stub',
    })
    kube = new ClientNodeKube(kc)
  })

  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('reads objects as plain JSON, and a missing one as undefined', async () => {
    const got = await kube.get({ ...TYPES.Installation, namespace: 'team-a', name: 'hook' })
    // Timestamps come back as strings (the client's models parse them into Dates).
    expect(got).toEqual({
      ...installation,
      metadata: { ...installation.metadata, creationTimestamp: '2026-01-01T00:00:00.000Z' },
    })
    expect(await kube.get({ ...TYPES.Installation, namespace: 'team-a', name: 'gone' })).toBeUndefined()
    expect(seen).toContain(
      'GET /apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/hook Bearer sa-token',
    )
  })

  it('lists with the list’s resourceVersion', async () => {
    const { items, resourceVersion } = await kube.list(TYPES.Installation, { namespace: 'team-a' })
    expect(resourceVersion).toBe('9')
    expect(items.map((i) => i.metadata.name)).toEqual(['hook'])
    expect(items[0]!.kind).toBe('Installation')
  })

  it('maps a 409 to ConflictError (status subresource path) and a 422 to InvalidInputError', async () => {
    await expect(kube.updateStatus({ ...installation, status: {} })).rejects.toBeInstanceOf(ConflictError)
    expect(
      seen.some((s) =>
        s.startsWith('PUT /apis/switchboard.dev/v1alpha1/namespaces/team-a/installations/hook/status'),
      ),
    ).toBe(true)
    const err = await kube.update(installation).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as Error).message).toContain('alias cannot change')
  })

  it('treats deleting a missing object as done', async () => {
    await expect(
      kube.delete({ ...TYPES.Installation, namespace: 'team-a', name: 'gone' }),
    ).resolves.toBeUndefined()
  })

  it('watches from a resourceVersion and ends when the server closes the stream', async () => {
    const events: WatchEvent[] = []
    const handle = await kube.watch(TYPES.Installation, { namespace: 'team-a', resourceVersion: '9' }, (e) =>
      events.push(e),
    )
    await waitFor('the watch event', () => events.length === 1)
    expect(events[0]).toMatchObject({
      type: 'MODIFIED',
      object: { kind: 'Installation', metadata: { resourceVersion: '10' } },
    })
    await handle.done
  })
})
