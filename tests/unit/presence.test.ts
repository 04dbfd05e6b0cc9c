import { describe, expect, it } from "vitest";
import { describePresence, initialsOf } from "@/lib/presence";

describe("describePresence", () => {
  it.each([
    [[], "No one else is here yet"],
    [["Ada"], "Ada is here"],
    [["Ada", "Linus"], "Ada and Linus are here"],
    [["Ada", "Linus", "Grace"], "Ada, Linus and Grace are here"],
    [["Ada", "Linus", "Grace", "Alan"], "Ada, Linus and 2 others are here"],
    [["Ada", "Linus", "Grace", "Alan", "Barbara", "Ken"], "Ada, Linus and 4 others are here"],
  ])("describes %j as %j", (names, expected) => {
    expect(describePresence(names)).toBe(expected);
  });
});

describe("initialsOf", () => {
  it.each([
    ["Ada", "A"],
    ["ada lovelace", "AL"],
    ["Ada King Lovelace", "AL"],
    ["  grace   hopper  ", "GH"],
    ["Émile Zola", "ÉZ"],
    ["😀 Smile", "😀S"],
    ["", "?"],
    ["   ", "?"],
  ])("gives %j the initials %j", (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });
});
