import { type Command, InvalidArgumentError } from "commander";
import { defaultKeptKeys, KeyFileError, keyFilePath, rotateKey } from "../adapters/local/key-file.ts";
import { maxPreviousKeys } from "../contracts/link.ts";
import { requireDataDir } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import { dataOption, jsonOption } from "./options.ts";
import { printJson, printLines } from "./output.ts";

function parseKeep(value: string): number {
  if (!/^\d{1,2}$/.test(value) || Number(value) > maxPreviousKeys)
    throw new InvalidArgumentError(`give a whole number from 0 to ${maxPreviousKeys}.`);
  return Number(value);
}

/** `rsvp keys rotate`: a new key for signing email links, keeping recent ones so sent links keep working. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command("keys").description("the keys email links are signed with");

  keys
    .command("rotate")
    .description("make a new signing key; links signed with the last few keys keep working")
    .addOption(dataOption())
    .option("--keep <n>", "how many old keys links may still be signed with", parseKeep, defaultKeptKeys)
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
New links are signed with the new key. A link signed with a key that is no longer kept stops working.
After a leaked key, --keep 0 voids every link sent so far. The keys live in <data>/signing-keys.json
(mode 0600); a running server picks it up with the next link it signs or opens.
With --json: one line with file, current (key id), previous (key ids, newest first), retired.`,
    )
    .action((o: { data: string; keep: number; json?: boolean }) => {
      // Like the reading commands: a typo in --data must not conjure a data dir with a key nobody uses.
      requireDataDir(o.data);
      let rotation: ReturnType<typeof rotateKey>;
      try {
        rotation = rotateKey(o.data, { keep: o.keep });
      } catch (error) {
        if (error instanceof KeyFileError) throw new CliError(error.message, 1);
        throw error;
      }
      const { keyring, retired } = rotation;
      const previous = keyring.previous.map((k) => k.kid);
      if (o.json)
        return printJson({ file: keyFilePath(o.data), current: keyring.current.kid, previous, retired });
      printLines(
        `new signing key ${keyring.current.kid} in ${keyFilePath(o.data)}`,
        previous.length > 0
          ? `  kept: ${previous.join(", ")} (links signed with them keep working)`
          : "  no older key is kept",
        ...(retired.length > 0
          ? [`  retired: ${retired.join(", ")} (links signed with them no longer work)`]
          : []),
      );
    });
}
