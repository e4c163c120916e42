import { describe, expect, it } from "vitest";
import { onColdStart } from "../../runtime/aws/cold-start.ts";

describe("composing a Lambda function at cold start", () => {
  it("composes once per container, however many invocations arrive together", async () => {
    let composed = 0;
    const get = onColdStart(async () => ({ n: ++composed }));
    const results = await Promise.all([get(), get(), get()]);
    expect(composed).toBe(1);
    expect(new Set(results).size).toBe(1);
    await get();
    expect(composed).toBe(1);
  });

  it("composes nothing on import: only the first invocation does", () => {
    let composed = 0;
    onColdStart(() => ++composed);
    expect(composed).toBe(0);
  });

  it("tries again on the next invocation after a compose failed (a throttled secret read)", async () => {
    let attempts = 0;
    const get = onColdStart(() => {
      attempts += 1;
      if (attempts === 1) throw new Error("throttled");
      return "ready";
    });
    await expect(get()).rejects.toThrow("throttled");
    await expect(get()).resolves.toBe("ready");
    expect(attempts).toBe(2);
  });
});
