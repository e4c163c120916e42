/**
 * How the in-process stand-ins answer a real AWS SDK client: a middleware at the front of the client's stack
 * takes each command (by its name and input) and answers it in-process, so nothing is serialized, signed or
 * sent. The adapters keep calling `client.send(new XCommand(…))` as they do in Lambda; errors are the SDK's
 * own exception classes with an HTTP status, so the adapters' error handling (`error.name`, `$metadata`) runs
 * as it would against the service.
 */

/** What a stand-in answers a command with: the command's output (the SDK adds `$metadata`). */
export type StandInHandler = (commandName: string, input: unknown) => Promise<object>;

/**
 * The part of a v3 SDK client the stand-in needs: its middleware stack. The output is typed `never` because
 * each client types it as the union of its own commands' outputs, which a handler shared by commands cannot
 * name; the SDK hands it to the caller as the output of the command it sent.
 */
interface WithMiddlewareStack {
  middlewareStack: {
    add(
      middleware: (
        next: unknown,
        context: { commandName?: string },
      ) => (args: { input: unknown }) => Promise<{ output: never; response: unknown }>,
      options: { step: "initialize"; priority: "high"; name: string },
    ): void;
  };
}

/** A command the stand-in does not implement: a gap in the stand-in, never a runtime condition. */
export class UnsupportedCommandError extends Error {
  override readonly name = "UnsupportedCommandError";
}

/** Offline client settings: no region lookup, no credential chain (nothing is ever signed). */
export const offlineClientConfig = {
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
} as const;

/**
 * Makes `client` answer every command through `handle` instead of the network; returns the client. Counts
 * each command by name in `calls` (what a cost estimate multiplies by the service's price).
 */
export function standIn<C extends WithMiddlewareStack>(
  client: C,
  service: string,
  handle: StandInHandler,
  calls: Map<string, number>,
): C {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const name = context.commandName ?? "(unnamed command)";
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const output = await handle(name, args.input);
      return { output: { $metadata: { httpStatusCode: 200 }, ...output } as never, response: {} };
    },
    { step: "initialize", priority: "high", name: `rsvpLocal${service}` },
  );
  return client;
}

/** The `$metadata` of an error the service answered (the adapters tell it from a broken connection). */
export const answered = (httpStatusCode = 400) => ({ $metadata: { httpStatusCode } });

/** A command the stand-in for `service` does not answer. */
export function unsupported(service: string, commandName: string): never {
  throw new UnsupportedCommandError(`the in-process ${service} does not implement ${commandName}`);
}
