// A live run keeps its responses in a spool file instead of memory: the seal, evidence.json and the model read
// them back, and must give exactly what the same responses in memory give.
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { hashEvidence, verifyEvidence } from "../../src/evidence/hash.js";
import { ResponseSpool } from "../../src/evidence/spool.js";
import type { EvidenceResponse, StreamedEvidence } from "../../src/evidence/types.js";
import { Masker, maskingOf, maskResponses } from "../../src/mask/evidence.js";
import { buildReport } from "../../src/model/build.js";
import { renderEvidenceJson } from "../../src/render/json.js";
import { makeEvidence, withInstructions } from "../fixtures/evidence.js";

const spooled = (responses: readonly EvidenceResponse[]) => {
  const spool = new ResponseSpool();
  return { spool, responses: spool.responses(responses.map((r) => spool.append(r))) };
};

const spoolFiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith("hss-report-spool-"));

describe("response spool", () => {
  const evidence = makeEvidence({ images: 9, name: (i) => `名字 "${i}"\n<b>\u2028` });

  it("reads every response back as it was appended, as often as it is walked, in the order given", () => {
    const { spool, responses } = spooled([...evidence.responses].reverse());
    try {
      expect([...responses]).toEqual([...evidence.responses].reverse());
      expect([...responses]).toEqual([...evidence.responses].reverse());
      expect([...responses.lines()]).toEqual([...evidence.responses].reverse().map((r) => JSON.stringify(r)));
      expect([...responses.canonical()].map((b) => b.toString("utf8"))).toEqual(
        [...evidence.responses].reverse().map((r) => canonicalize(r)),
      );
    } finally {
      spool.close();
    }
  });

  it("gives the same seal, evidence.json and model as the responses in memory", () => {
    const { spool, responses } = spooled(evidence.responses);
    try {
      const streamed: StreamedEvidence = { ...evidence, responses };
      expect(hashEvidence(streamed)).toBe(evidence.sha256);
      const json = renderEvidenceJson(streamed);
      expect(json).toBe(renderEvidenceJson(evidence));
      expect(() => verifyEvidence(JSON.parse(json))).not.toThrow();
      const fromDisk = buildReport(streamed);
      const inMemory = buildReport(evidence);
      expect(fromDisk.summary).toEqual(inMemory.summary);
      expect([...fromDisk.findings.values()]).toEqual([...inMemory.findings.values()]);
    } finally {
      spool.close();
    }
  });

  it("writes an empty responses list as the in-memory evidence does", () => {
    const { spool, responses } = spooled([]);
    try {
      const empty = { ...evidence, responses: [] };
      expect(renderEvidenceJson({ ...empty, responses })).toBe(renderEvidenceJson(empty));
      expect(hashEvidence({ ...empty, responses })).toBe(hashEvidence(empty));
    } finally {
      spool.close();
    }
  });

  it("leaves no file behind, and cannot be read once closed", () => {
    const before = spoolFiles().length;
    const { spool, responses } = spooled(evidence.responses);
    // Unlinked while open (Linux, macOS): nothing to leave behind even if the process is killed.
    if (process.platform !== "win32") expect(spoolFiles()).toHaveLength(before);
    spool.close();
    expect(spoolFiles()).toHaveLength(before);
    expect(() => [...responses]).toThrow(/after the run ended/);
  });
});

describe("masking one response at a time", () => {
  const secret = (i: number) => `ENV DB_PASSWORD=Admin@${i} API_TOKEN=tok-${i % 3}`;
  const evidence = makeEvidence({ images: 12 });
  const responses = withInstructions(evidence.responses, secret);

  it("masks the same with a cache that is cleared on every page as with one that keeps everything", async () => {
    const whole = await maskResponses(responses);
    const small = new Masker(1);
    const pages = [];
    for (const response of responses) pages.push(await small.mask(response));
    expect(pages.map((p) => p.response)).toEqual(whole.responses);
    expect(maskingOf(pages)).toEqual(whole.masking);
    // Every image of both rules lost its password (and its token): counted once per finding.
    const images = responses.flatMap((r) =>
      r.operation === "ListImageBuildCommandRisksImages" ? r.body.data_list : [],
    );
    expect(whole.masking.findings).toHaveLength(images.length);
    expect(whole.masking.masked).toBe(images.length * 2);
    expect(JSON.stringify(whole.responses)).not.toMatch(/Admin@|tok-/);
  });

  it("counts a finding listed on two pages once, from the first page in evidence order", async () => {
    const [rules, first] = responses as [EvidenceResponse, EvidenceResponse];
    const masker = new Masker();
    const masked = [await masker.mask(rules), await masker.mask(first), await masker.mask(first)];
    const once = maskingOf(masked.slice(0, 2));
    expect(maskingOf(masked)).toEqual(once);
  });
});

describe("the model from one walk of the responses", () => {
  it("is the same when a rule's images come before its listing", () => {
    const evidence = makeEvidence({ images: 6 });
    const [rules, ...images] = evidence.responses as [EvidenceResponse, ...EvidenceResponse[]];
    const late = buildReport({ ...evidence, responses: [...images, rules] });
    const usual = buildReport(evidence);
    expect(late.summary).toEqual(usual.summary);
    expect([...late.findings.keys()].sort()).toEqual([...usual.findings.keys()].sort());
    expect(late.findings.size).toBe(6 + 3);
  });
});
