import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * A loopback server playing the Application Insights ingestion endpoint (Breeze): `POST /v2.1/track` or
 * `/v2/track` with a JSON array (or newline-delimited JSON) of envelopes, gzip or not, answered with the
 * service's `{ itemsReceived, itemsAccepted, errors }`. It speaks HTTPS with a throwaway self-signed
 * certificate for 127.0.0.1 (made with the openssl CLI), because the SDK refuses to send a bearer token over
 * plain HTTP; the test hands the certificate to the adapter as its trusted CA.
 */

export interface Envelope {
  name: string;
  time: string;
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, any> };
}

export interface IngestionRequest {
  path: string;
  authorization: string | undefined;
  contentEncoding: string | undefined;
  envelopes: Envelope[];
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ants-ingestion-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class IngestionServer {
  readonly requests: IngestionRequest[] = [];
  /** PEM of the server's self-signed certificate: the CA the client must trust. */
  certificate = '';
  endpoint = '';
  private server: Server | undefined;

  async start(): Promise<this> {
    const { key, cert } = selfSignedCertificate();
    this.certificate = cert;
    const server = createServer({ key, cert }, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return this;
  }

  connectionString(): string {
    return `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${this.endpoint}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  envelopes(): Envelope[] {
    return this.requests.flatMap((r) => r.envelopes);
  }

  /** Resolves with the first envelope that matches, polling until the timeout. */
  async waitFor(match: (e: Envelope) => boolean, timeoutMs = 15_000): Promise<Envelope> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.envelopes().find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.envelopes().map((e) => `${e.data.baseType}:${e.data.baseData.name ?? ''}`);
        throw new Error(`no matching envelope; received: ${seen.join(', ') || 'nothing'}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const contentEncoding = req.headers['content-encoding'];
    if (contentEncoding === 'gzip') body = gunzipSync(body);
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    if (req.method !== 'POST' || !/^\/v2(\.1)?\/track$/.test(path)) {
      res.writeHead(404).end();
      return;
    }
    const text = body.toString('utf8').trim();
    const envelopes = (
      text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line))
    ) as Envelope[];
    this.requests.push({ path, authorization: req.headers.authorization, contentEncoding, envelopes });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ itemsReceived: envelopes.length, itemsAccepted: envelopes.length, errors: [] }));
  }
}
