// Chat and generic webhooks. Each chat body follows its platform's documented custom-bot message shape:
//   slack     incoming webhook: {text, blocks} (mrkdwn section); answers HTTP 200 "ok"
//   feishu    custom bot: {msg_type: "post", content: {post: {zh_cn|en_us: {title, content}}}}; signed with
//             timestamp (seconds) + sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")) in the
//             body; answers {code: 0}
//   dingtalk  custom robot: {msgtype: "markdown", markdown: {title, text}}; signed with timestamp (ms) + sign =
//             urlencode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))) on the URL;
//             answers {errcode: 0}
//   wecom     group robot: {msgtype: "markdown", markdown: {content}} (at most 4096 bytes); answers {errcode: 0}
//   generic   the DeliveryFacts JSON: report id, counts by level, changes, gate verdict, files with sha256
import { createHmac } from "node:crypto";
import type { WebhookFormat } from "../config/deliver.js";
import { type HttpContext, post, StepError, statusError } from "./attempt.js";
import type { DeliveryMessage } from "./message.js";

/** WeCom refuses markdown content over 4096 bytes (errcode 40058); DingTalk and Feishu allow more. */
const WECOM_MAX_BYTES = 4096;

export interface WebhookRequest {
  url: string;
  body: unknown;
}

/** The request for `format`; `now` is the signing time (platforms refuse a timestamp over an hour off). */
export function webhookRequest(
  format: WebhookFormat,
  url: string,
  message: DeliveryMessage,
  secret: string | undefined,
  now: Date,
): WebhookRequest {
  switch (format) {
    case "generic":
      return { url, body: message.facts };
    case "slack": {
      const text = `*${slackEscape(message.headline)}*\n${message.chatLines.map(slackEscape).join("\n")}`;
      return {
        url,
        body: {
          text: message.headline,
          blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }],
        },
      };
    }
    case "feishu": {
      const post = {
        title: message.headline,
        content: message.chatLines.map((line) => [{ tag: "text", text: line }]),
      };
      const body: Record<string, unknown> = {
        msg_type: "post",
        content: { post: { [message.lang === "zh-cn" ? "zh_cn" : "en_us"]: post } },
      };
      if (secret) {
        const timestamp = String(Math.floor(now.getTime() / 1000));
        return { url, body: { timestamp, sign: feishuSign(timestamp, secret), ...body } };
      }
      return { url, body };
    }
    case "dingtalk": {
      const text = [`#### ${message.headline}`, "", ...message.chatLines.map((line) => `- ${line}`)].join("\n");
      const body = { msgtype: "markdown", markdown: { title: message.headline, text } };
      if (!secret) return { url, body };
      const timestamp = String(now.getTime());
      const signed = new URL(url);
      signed.searchParams.set("timestamp", timestamp);
      signed.searchParams.set("sign", dingtalkSign(timestamp, secret));
      return { url: signed.toString(), body };
    }
    case "wecom": {
      const content = [`**${message.headline}**`, ...message.chatLines.map((line) => `> ${line}`)].join("\n");
      return { url, body: { msgtype: "markdown", markdown: { content: truncateBytes(content, WECOM_MAX_BYTES) } } };
    }
  }
}

/** Feishu: HmacSHA256 keyed with `timestamp + "\n" + secret` over the empty string, base64. */
export function feishuSign(timestamp: string, secret: string): string {
  return createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
}

/** DingTalk: HmacSHA256 keyed with the secret over `timestamp + "\n" + secret`, base64 (URLSearchParams encodes it). */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

/** Sends one webhook message; a platform that answers 200 with an error code in the body has failed too. */
export async function sendWebhook(format: WebhookFormat, request: WebhookRequest, http: HttpContext): Promise<void> {
  const response = await post(
    request.url,
    { headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(request.body) },
    http,
  );
  if (!response.ok) throw await statusError(response);
  if (format === "generic" || format === "slack") return;
  const answer = (await response.json().catch(() => undefined)) as
    | { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown; StatusCode?: unknown }
    | undefined;
  const code = format === "feishu" ? (answer?.code ?? answer?.StatusCode) : answer?.errcode;
  if (code !== 0) {
    const text = format === "feishu" ? answer?.msg : answer?.errmsg;
    throw new StepError(
      `the platform refused the message (code ${JSON.stringify(code ?? null)}${typeof text === "string" ? `: ${text.slice(0, 200)}` : ""})`,
      false,
    );
  }
}

/** Slack mrkdwn treats &, < and > as control characters (Slack "Formatting text for app surfaces"). */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(`${out}…`) > max) out = out.slice(0, -1);
  return `${out}…`;
}
