// E-mail through nodemailer's SMTP transport. The URL (`smtp://user:pass@host:587`, `smtps://...:465`) comes from
// the variable the config names. Plain `smtp://` to a host other than loopback must upgrade with STARTTLS
// (`requireTLS`): the password never crosses the network in clear.

import { isLoopbackHost } from "@hss-reports/api";
import nodemailer from "nodemailer";
import type { EmailTarget } from "../config/deliver.js";
import { StepError } from "./attempt.js";
import type { DeliveryFile } from "./message.js";

export interface Mail {
  subject: string;
  text: string;
  html: string;
  attachments: readonly DeliveryFile[];
}

/** Checks the URL's shape, naming only the variable (never the value: it holds the password). */
export function parseSmtpUrl(value: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StepError(`$${variable} is not a URL (expected smtp://user:password@host:587 or smtps://...)`, false);
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new StepError(`$${variable} must start with smtp:// or smtps:// (got ${url.protocol}//)`, false);
  }
  return url;
}

export async function sendMail(target: EmailTarget, smtpUrl: string, mail: Mail, timeoutMs: number): Promise<void> {
  const url = parseSmtpUrl(smtpUrl, target.smtp_url_env);
  const transport = nodemailer.createTransport({
    url: url.toString(),
    requireTLS: url.protocol === "smtp:" && !isLoopbackHost(url.hostname),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // nodemailer logs nothing by default; keep it so (its debug log would print the AUTH exchange).
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      from: target.from,
      to: target.to,
      ...(target.cc ? { cc: target.cc } : {}),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments.map((file) => ({ filename: file.name, path: file.path })),
    });
  } catch (error) {
    throw smtpError(error);
  } finally {
    transport.close();
  }
}

/** SMTP replies 5xx and refused logins are final (RFC 5321 §4.2.1); connection trouble and 4xx may pass. */
function smtpError(error: unknown): StepError {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  const message = typeof e.message === "string" ? e.message.split("\n")[0] : String(error);
  const final = code === "EAUTH" || code === "EENVELOPE" || (responseCode !== undefined && responseCode >= 500);
  return new StepError(`${code ? `${code}: ` : ""}${message}`, !final);
}
