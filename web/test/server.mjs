// A small static HTTP server on 127.0.0.1 for the page test: the page and its built module from
// web/www, the vectors under /data/vectors/ and the bundle CARs under /data/bundles/.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".car": "application/octet-stream",
};

// The file under `root` that `relative` names, or null when it escapes `root`.
function inside(root, relative) {
  const path = normalize(join(root, decodeURIComponent(relative)));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

// Serves `routes` (URL prefix -> directory); the prefix "/" is the fallback. Resolves to the
// listening server and its base URL.
export function serve(routes) {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    const prefix = prefixes.find((p) => url.pathname.startsWith(p));
    let path = prefix ? inside(routes[prefix], url.pathname.slice(prefix.length)) : null;
    try {
      if (path && statSync(path).isDirectory()) path = join(path, "index.html");
      if (!path || !statSync(path).isFile()) throw new Error("not found");
    } catch {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
    createReadStream(path).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ server, base: `http://127.0.0.1:${server.address().port}` });
    });
  });
}
