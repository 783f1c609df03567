// Identities used across runs (diffs, waivers): stable for the same rule and image in the same scope.
import type { ImageInfo, ImageKind } from "../evidence/types.js";

export const ruleKey = (scopeId: string, kind: ImageKind, ruleId: string): string => `${scopeId}|${kind}|${ruleId}`;

/** An image is the same image across rules when its id (else digest, else reference) matches. */
export function imageKey(scopeId: string, image: ImageInfo): string {
  const id =
    image.image_id || image.image_digest || `${image.namespace ?? ""}/${image.image_name}:${image.image_version ?? ""}`;
  return `${scopeId}|${id}`;
}

export const findingKey = (rule: string, image: string): string => `${rule}#${image}`;

/** `namespace/name:version` as people write image references. */
export function imageReference(image: { namespace: string; name: string; version: string }): string {
  const path = image.namespace ? `${image.namespace}/${image.name}` : image.name;
  return image.version ? `${path}:${image.version}` : path;
}
