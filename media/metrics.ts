// A request counter by route, method and status, exposed in the Prometheus text format.
export interface Metrics {
  countRequest(route: string, method: string, status: number): void;
  countUpload(group: string, bytes: number): void;
  render(): string;
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const uploads = new Map<string, { count: number; bytes: number }>();
  return {
    countRequest(route, method, status) {
      const key = `route="${escapeLabel(route)}",method="${method}",status="${status}"`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    },
    countUpload(group, bytes) {
      const u = uploads.get(group) ?? { count: 0, bytes: 0 };
      uploads.set(group, { count: u.count + 1, bytes: u.bytes + bytes });
    },
    render() {
      const lines = [
        "# HELP media_http_requests_total HTTP requests served by the media server.",
        "# TYPE media_http_requests_total counter",
        ...[...requests].map(([labels, n]) => `media_http_requests_total{${labels}} ${n}`),
        "# HELP media_uploads_total Files stored by uploads.",
        "# TYPE media_uploads_total counter",
        ...[...uploads].map(([g, u]) => `media_uploads_total{group="${escapeLabel(g)}"} ${u.count}`),
        "# HELP media_upload_bytes_total Bytes written by uploads, after re-encoding.",
        "# TYPE media_upload_bytes_total counter",
        ...[...uploads].map(([g, u]) => `media_upload_bytes_total{group="${escapeLabel(g)}"} ${u.bytes}`),
      ];
      return lines.join("\n") + "\n";
    },
  };
}
