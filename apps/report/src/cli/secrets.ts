// The credential values present in the environment, so that nothing the CLI prints can ever contain one:
// the official variables, and any variable whose name says it holds a secret (fleet scopes name their own).
const OFFICIAL = [
  "HSS_AUTH_TOKEN",
  "HUAWEICLOUD_SDK_AK",
  "HUAWEICLOUD_SDK_SK",
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "HSS_IAM_PASSWORD",
];
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|_SK|_AK|ACCESS_KEY|SECRET_KEY)$/i;

export function secretValues(env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.trim().length < 4) continue;
    if (OFFICIAL.includes(name) || SECRET_NAME.test(name)) values.add(value.trim()).add(value);
    if (PROXY_NAME.test(name)) for (const secret of proxyCredentials(value)) values.add(secret);
  }
  return [...values];
}

// A proxy URL may carry a user and password (`http://user:password@proxy:3128`): the whole URL and the password,
// as written and decoded, are masked.
const PROXY_NAME = /^(https?|all)_proxy$/i;

function proxyCredentials(value: string): string[] {
  if (!URL.canParse(value.trim())) return [];
  const { password } = new URL(value.trim());
  if (!password) return [];
  return [value.trim(), password, decodeURIComponent(password)];
}
