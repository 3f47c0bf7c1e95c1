// Requests from a chosen loopback address (127.0.0.2, 127.0.0.3...): the gateway sees each as another client,
// as it would see different machines. fetch() cannot pick its source address; node:http can.
import http from "node:http";

export interface AddressedReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export function postFrom(localAddress: string, url: string, body: unknown): Promise<AddressedReply> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text || "null") }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
