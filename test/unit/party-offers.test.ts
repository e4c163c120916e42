import { describe, expect, it } from "vitest";
import { partiesToOffer } from "../../core/seat-rules.ts";

const line = (...parties: number[]) => parties.map((party, i) => ({ id: `p${i + 1}`, party }));
const ids = (offered: { id: string }[]) => offered.map((p) => p.id);

describe("which parties in line are offered the free seats", () => {
  it("strict line order: the first party is offered once its seats are free, nobody behind it goes first", () => {
    expect(ids(partiesToOffer(line(4, 1, 1), 1, false))).toEqual([]);
    expect(ids(partiesToOffer(line(4, 1, 1), 4, false))).toEqual(["p1"]);
    expect(ids(partiesToOffer(line(2, 3, 1), 4, false))).toEqual(["p1"]);
    expect(ids(partiesToOffer(line(2, 2, 1), 5, false))).toEqual(["p1", "p2", "p3"]);
  });

  it("smaller parties first: the first party that fits is offered, the big one keeps its place", () => {
    expect(ids(partiesToOffer(line(4, 1, 1), 1, true))).toEqual(["p2"]);
    expect(ids(partiesToOffer(line(2, 3, 1), 4, true))).toEqual(["p1", "p3"]);
    expect(ids(partiesToOffer(line(4, 3), 3, true))).toEqual(["p2"]);
  });

  it("offers nothing without free seats, and a party of one seat counts as one", () => {
    expect(partiesToOffer(line(1, 1), 0, true)).toEqual([]);
    expect(partiesToOffer(line(1, 1), -2, false)).toEqual([]);
    const old: { id: string; party?: number }[] = [{ id: "old" }];
    expect(ids(partiesToOffer(old, 1, false))).toEqual(["old"]);
  });
});
