import http from "node:http";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A keep-alive HTTP/1.1 client for the app under test. node:http rather than
 * fetch: it costs the client less CPU, which shares the machine with the server.
 */
export class LoopbackHttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

  constructor(
    readonly baseUrl: URL,
    private readonly timeoutMs = 30_000,
  ) {
    if (baseUrl.protocol !== "http:" || !isLoopbackHost(baseUrl.hostname)) {
      throw new Error(`The benchmark only sends load to a loopback http:// address, not ${baseUrl.href}.`);
    }
  }

  request(path: string, { method = "GET", headers = {}, body }: HttpRequestOptions = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          hostname: this.baseUrl.hostname,
          port: this.baseUrl.port,
          path,
          method,
          headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
