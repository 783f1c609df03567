// The emulator's demo and hostile catalogues, every text a report quotes, masked by the policy: none of the secret
// values the emulator planted remains, whole or in part (any piece of 6 characters or more).
import { type RunningEmulator, SECRET_VALUES, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskAll } from "../../src/mask/text.js";
import { leakedPieces, secretPieces } from "../helpers/leaks.js";

/** Every text a report quotes from the served data: rule names and descriptions, instructions and remediations. */
function quotedTexts(hss: RunningEmulator): string[] {
  const texts: string[] = [];
  for (const lang of ["en-us", "zh-cn"] as const) {
    for (const kind of ["cicd", "registry"] as const) {
      for (const rule of hss.dataset.rules(hss.projectId, kind, lang)) {
        texts.push(rule.risk_name, rule.description);
        for (const image of hss.dataset.images(hss.projectId, kind, rule.rule_id, lang)) {
          for (const risk of image.risk_detail_info.risk_list) texts.push(risk.build_instruction, risk.remediation);
        }
      }
    }
  }
  return texts;
}

describe.each([
  ["demo", false],
  ["hostile", true],
])("%s data masked by the policy", (name, hostile) => {
  let hss: RunningEmulator;
  beforeAll(async () => {
    hss = await startEmulator({ seed: name === "demo" ? "demo" : name, hostile });
  });
  afterAll(async () => {
    await hss?.close();
  });

  it("holds no secret value, whole or any piece of 6 characters or more", async () => {
    const texts = quotedTexts(hss);
    const joined = texts.join("\n");
    const planted = SECRET_VALUES.filter((value) => joined.includes(value));
    // The data really plants them (else this test would prove nothing).
    expect(planted.length).toBeGreaterThan(10);
    const pieces = secretPieces(planted, texts);
    expect(leakedPieces(joined, pieces).length).toBeGreaterThan(0);

    const masked = [...(await maskAll(texts)).values()].map((m) => m.text).join("\n");
    expect(SECRET_VALUES.filter((value) => masked.includes(value))).toEqual([]);
    expect(leakedPieces(masked, pieces)).toEqual([]);
  });
});
