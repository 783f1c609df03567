// The one masking step: HSS responses pass through here before the evidence is sealed, so every format, diff,
// log line and future output only ever sees masked text. What is masked: every text HSS may quote an image's
// instructions in (build instructions, remediation texts, rule names and descriptions). The evidence records the
// policy and how many values each finding lost, never the values.
import { sealEvidence } from "../evidence/hash.js";
import type { ResponseSpool, SpoolRef } from "../evidence/spool.js";
import type {
  Evidence,
  EvidenceResponse,
  ImageKind,
  MaskedFinding,
  MaskedRule,
  Masking,
  StreamedEvidence,
} from "../evidence/types.js";
import { imageReference } from "../model/keys.js";
import { MASK_POLICY, REVEALED_POLICY } from "./policy.js";
import { type Masked, maskAll } from "./text.js";

const kindOf = (response: EvidenceResponse): ImageKind => (response.query.image_type === "cicd" ? "cicd" : "registry");

/** Every text of a response that may quote an instruction. */
function* textsOf(response: EvidenceResponse): Generator<string> {
  if (response.operation === "ListImageBuildCommandRisks") {
    for (const rule of response.body.data_list ?? []) {
      yield rule.risk_name;
      if (rule.description) yield rule.description;
    }
  } else {
    for (const image of response.body.data_list ?? []) {
      for (const risk of image.risk_detail_info.risk_list) {
        if (risk.build_instruction) yield risk.build_instruction;
        if (risk.remediation) yield risk.remediation;
      }
    }
  }
}

/** One response masked: its masked copy, and the findings and rules that lost values in it (by identity). */
export interface MaskedResponse {
  response: EvidenceResponse;
  findings: [key: string, entry: MaskedFinding][];
  rules: [key: string, entry: MaskedRule][];
}

/** A response masked and kept in a spool: where it is, and what masking found in it (for `maskingOf`). */
export interface KeptResponse extends Pick<MaskedResponse, "findings" | "rules"> {
  ref: SpoolRef;
}

/** Distinct texts remembered across responses (remediations repeat on every page); past this, it starts again. */
const CACHE_LIMIT = 50_000;

/**
 * Masks responses one at a time (a live run masks each page as it arrives, so no page is ever held twice). Texts
 * already masked are not masked again, and every occurrence of a text shares one string.
 */
export class Masker {
  readonly #cache = new Map<string, Masked>();

  /** `cacheLimit`: distinct texts remembered at most (default 50,000). */
  constructor(private readonly cacheLimit = CACHE_LIMIT) {}

  /** The masked copy of `response` (the input is left as it was) and what it masked. */
  async mask(response: EvidenceResponse): Promise<MaskedResponse> {
    const texts = [...new Set(textsOf(response))];
    let fresh = texts.filter((text) => !this.#cache.has(text));
    if (this.#cache.size + fresh.length > this.cacheLimit) {
      // Every text of this response must be in the cache when it is applied below.
      this.#cache.clear();
      fresh = texts;
    }
    for (const [text, masked] of await maskAll(fresh)) this.#cache.set(text, masked);
    return maskWith(response, (text) =>
      text ? (this.#cache.get(text) ?? { text, count: 0 }) : { text: text ?? "", count: 0 },
    );
  }

  /** Masks `response` and appends the masked copy to `spool` (only the masked copy is ever written). */
  async keep(response: EvidenceResponse, spool: ResponseSpool): Promise<KeptResponse> {
    const { response: masked, findings, rules } = await this.mask(response);
    return { ref: spool.append(masked), findings, rules };
  }
}

function maskWith(response: EvidenceResponse, apply: (text: string | undefined) => Masked): MaskedResponse {
  const imageKind = kindOf(response);
  if (response.operation === "ListImageBuildCommandRisks") {
    const rules: MaskedResponse["rules"] = [];
    const data_list = (response.body.data_list ?? []).map((rule) => {
      const name = apply(rule.risk_name);
      const description = apply(rule.description);
      const count = name.count + description.count;
      if (count > 0) {
        const key = `${response.scopeId}|${imageKind}|${rule.rule_id}`;
        rules.push([key, { scopeId: response.scopeId, imageKind, ruleId: rule.rule_id, masked: count }]);
      }
      return {
        ...rule,
        risk_name: name.text,
        ...(rule.description !== undefined ? { description: description.text } : {}),
      };
    });
    return { response: { ...response, body: { ...response.body, data_list } }, findings: [], rules };
  }
  const ruleId = String(response.query.rule_id ?? "");
  const findings: MaskedResponse["findings"] = [];
  const data_list = (response.body.data_list ?? []).map((image) => {
    let count = 0;
    const risk_list = image.risk_detail_info.risk_list.map((risk) => {
      const instruction = apply(risk.build_instruction);
      const remediation = apply(risk.remediation);
      count += instruction.count + remediation.count;
      return {
        ...risk,
        ...(risk.build_instruction !== undefined ? { build_instruction: instruction.text } : {}),
        ...(risk.remediation !== undefined ? { remediation: remediation.text } : {}),
      };
    });
    if (count > 0) {
      // The same identity as the report's findings (rule and image, never the text), so a finding can be found.
      const imageId = image.image_id || image.image_digest || imageReference(referenceOf(image));
      findings.push([
        `${response.scopeId}|${imageKind}|${ruleId}#${imageId}`,
        {
          scopeId: response.scopeId,
          imageKind,
          ruleId,
          image: imageReference(referenceOf(image)),
          digest: image.image_digest ?? "",
          masked: count,
        },
      ]);
    }
    return { ...image, risk_detail_info: { ...image.risk_detail_info, risk_list } };
  });
  return {
    response: { ...response, body: { ...response.body, data_list } } as EvidenceResponse,
    findings,
    rules: [],
  };
}

/**
 * The masking record of responses masked one by one, given in evidence order: per finding (rule and image, counted
 * once however many pages list it: the first) and per rule (its name and description).
 */
export function maskingOf(masked: Iterable<Pick<MaskedResponse, "findings" | "rules">>): Masking {
  const rules = new Map<string, MaskedRule>();
  const findings = new Map<string, MaskedFinding>();
  for (const one of masked) {
    for (const [key, entry] of one.findings) if (!findings.has(key)) findings.set(key, entry);
    for (const [key, entry] of one.rules) if (!rules.has(key)) rules.set(key, entry);
  }
  const findingList = [...findings.values()];
  const ruleList = [...rules.values()];
  const total = [...findingList, ...ruleList].reduce((n, entry) => n + entry.masked, 0);
  return { policy: MASK_POLICY, masked: total, findings: findingList, rules: ruleList };
}

/**
 * Masks the responses (new objects; the input is left as it was) and says what was masked: per finding (rule and
 * image, counted once however many pages list it) and per rule (its name and description).
 */
export async function maskResponses(
  responses: readonly EvidenceResponse[],
): Promise<{ responses: EvidenceResponse[]; masking: Masking }> {
  const masker = new Masker();
  const masked: MaskedResponse[] = [];
  for (const response of responses) masked.push(await masker.mask(response));
  return { responses: masked.map((m) => m.response), masking: maskingOf(masked) };
}

function referenceOf(image: { namespace?: string; image_name: string; image_version?: string }) {
  return { namespace: image.namespace ?? "", name: image.image_name, version: image.image_version ?? "" };
}

/** The record of a run that kept the values (`--reveal-secrets`): every page of every format says so. */
export function revealedMasking(): Masking {
  return {
    policy: REVEALED_POLICY,
    warning: "UNMASKED SECRETS: written with --reveal-secrets, this file holds the secret values found in images",
    masked: 0,
    findings: [],
    rules: [],
  };
}

/**
 * Evidence read back for `render --from`. Written before masking existed (or with `--reveal-secrets`), it is masked
 * now and sealed again, recording the seal it had; evidence already masked with this policy is returned as it is.
 * With `reveal`, evidence that never recorded masking is marked revealed, so that its pages say so. Given a spool,
 * the responses are masked one at a time into it (as a live run keeps them), else into memory.
 */
export async function maskLoaded(evidence: Evidence, reveal: boolean): Promise<Evidence>;
export async function maskLoaded(
  evidence: StreamedEvidence,
  reveal: boolean,
  spool: ResponseSpool,
): Promise<StreamedEvidence>;
export async function maskLoaded(
  evidence: StreamedEvidence,
  reveal: boolean,
  spool?: ResponseSpool,
): Promise<StreamedEvidence> {
  const policy = evidence.masking?.policy;
  if (policy === MASK_POLICY || (reveal && policy === REVEALED_POLICY)) return evidence;
  if (reveal && policy !== undefined) return evidence; // Masked by another policy: nothing left to reveal.
  const { sha256, assessment, masking: _before, ...content } = evidence;
  const masked = reveal
    ? { responses: evidence.responses, masking: revealedMasking() }
    : spool
      ? await maskInto(evidence.responses, spool)
      : await maskResponses([...evidence.responses]);
  const sealed = sealEvidence({
    ...content,
    responses: masked.responses,
    masking: { ...masked.masking, sealedBefore: sha256 },
  });
  // The assessment is outside the seal and does not quote texts (first-seen times stay with their findings).
  return assessment ? { ...sealed, assessment } : sealed;
}

/** Masks the responses one at a time into `spool`: the masked responses, read from it, and what was masked. */
async function maskInto(
  responses: Iterable<EvidenceResponse>,
  spool: ResponseSpool,
): Promise<{ responses: Iterable<EvidenceResponse>; masking: Masking }> {
  const masker = new Masker();
  const kept: KeptResponse[] = [];
  for (const response of responses) kept.push(await masker.keep(response, spool));
  return { responses: spool.responses(kept.map((one) => one.ref)), masking: maskingOf(kept) };
}

/**
 * An earlier run's evidence used as a baseline: masked like any evidence (its rule names reach the change lists),
 * but known by the seal of its file, which the report quotes so that readers can find that file.
 */
export async function maskBaseline(evidence: StreamedEvidence, spool: ResponseSpool): Promise<StreamedEvidence> {
  const masked = await maskLoaded(evidence, false, spool);
  return masked === evidence ? evidence : { ...masked, sha256: evidence.sha256 };
}
