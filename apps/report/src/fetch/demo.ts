// The demo: the emulator started in-process on a loopback port, read over real HTTP like any region.
import type { ImageKind, Scope } from "../evidence/types.js";

/** A fixed seed: the demo shows the same data every time (the emulator's default size is a realistic demo). */
export const DEMO_SEED = "demo";

export interface Demo {
  scope: Scope;
  token: string;
  close(): Promise<void>;
}

export async function startDemo(imageTypes: ImageKind[]): Promise<Demo> {
  // Loaded only for the demo: real runs never need the emulator in memory.
  const { startEmulator } = await import("@hss-reports/emulator");
  const emulator = await startEmulator({ seed: DEMO_SEED });
  // The scope label says DEMO DATA so that every row of the CSV and every response of the evidence says it too.
  const scope: Scope = {
    id: `DEMO DATA/${emulator.projectId}`,
    endpoint: emulator.url,
    projectId: emulator.projectId,
    imageTypes,
  };
  return { scope, token: emulator.token, close: () => emulator.close() };
}
