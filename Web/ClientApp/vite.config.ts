import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// Built assets land in dist/ with content hashes in their names (assets/index-3f2a1b.js), which is what
// lets the Web host cache them for a year while index.html is never cached.

/** Writes .br and .gz beside every built text asset, so the Web host serves them without compressing per request. */
function precompress(): Plugin {
  return {
    name: "actionsdashboard-precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json|txt|map)$/.test(file)) continue;
        const path = join(dir, file);
        const content = readFileSync(path);
        if (content.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

// `npm run dev` proxies the services to the gateway (./run.sh starts it on 8080; GATEWAY_URL to change), keeping
// the Host header so cookies, the Origin check and the sign-in callback all see the dev server's origin.
// `npm run dev:mock` answers from a small in-memory fake instead (dev/mockApi.ts), for working on screens alone.
const gateway = process.env.GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig(async ({ command, mode }) => ({
  plugins: [
    react(),
    precompress(),
    ...(command === "serve" && mode === "mock" ? [(await import("./dev/mockApi")).mockApi()] : []),
  ],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: mode === "mock" ? undefined : {
      "/api": { target: gateway, changeOrigin: false },
      "/auth": { target: gateway, changeOrigin: false },
      "/events": { target: gateway, changeOrigin: false },
      "/ws": { target: gateway, changeOrigin: false, ws: true },
    },
  },
}));
