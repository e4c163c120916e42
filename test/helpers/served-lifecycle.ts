/** A lifecycle's web app on a loopback port, for a browser (the runtime itself runs without HTTP). */
import type { AddressInfo, Server } from "node:net";
import { serve } from "@hono/node-server";
import type { Lifecycle } from "./lifecycle-harness.ts";

export async function served(life: Lifecycle): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: (req) => life.fetch(req), port: 0, hostname: "127.0.0.1" }, () =>
      resolve(s as Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
