// The API report of each entry point (API Extractor), committed under etc/: a change to what @hss-reports/api
// exports shows up in review as a diff of etc/*.api.md, and comes with a changeset.
//   node scripts/api-report.mjs          rewrite etc/*.api.md from dist/ (after `pnpm build`)
//   node scripts/api-report.mjs --check  fail when dist/ no longer matches them (`pnpm lint`, so CI checks it)
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const ENTRIES = { index: "@hss-reports/api", signer: "@hss-reports/api/signer", spec: "@hss-reports/api/spec" };

let failed = false;
for (const [entry, name] of Object.entries(ENTRIES)) {
  const config = ExtractorConfig.prepare({
    configObjectFullPath: resolve(packageDir, `etc/${entry}.api-extractor.json`),
    packageJsonFullPath: resolve(packageDir, "package.json"),
    configObject: {
      projectFolder: packageDir,
      mainEntryPointFilePath: "<projectFolder>/dist/<unscopedPackageName>.d.ts".replace("<unscopedPackageName>", entry),
      compiler: { tsconfigFilePath: "<projectFolder>/tsconfig.build.json" },
      apiReport: {
        enabled: true,
        reportFileName: `${entry}.api.md`,
        reportFolder: "<projectFolder>/etc/",
        reportTempFolder: "<projectFolder>/node_modules/.api-report/",
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Public docstrings are prose here, not TSDoc, and release tags are not used: report the API, not style.
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          "ae-missing-release-tag": { logLevel: "none" },
          "ae-forgotten-export": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
        compilerMessageReporting: { default: { logLevel: "warning" } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
  if (check && result.apiReportChanged) {
    console.error(
      `${name}: the public API differs from etc/${entry}.api.md: run \`pnpm --filter @hss-reports/api api-report\`, commit etc/ and add a changeset`,
    );
    failed = true;
  } else if (!result.succeeded && check) {
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
