// What the fetch and the run report while they work; the CLI turns these into its progress line.
import type { ImageKind } from "../evidence/types.js";

export type ProgressEvent =
  | { stage: "demo"; message: string }
  | { stage: "rules"; scopeId: string; imageKind: ImageKind; rules: number }
  | {
      stage: "images";
      listingsDone: number;
      listingsTotal: number;
      images: number;
      /** Pages of affected images read, and the pages the rules' `image_num` make in all (so far). */
      pagesRead: number;
      pagesTotal: number;
    }
  /** An HTTP attempt went out (retries included). */
  | { stage: "request" }
  | { stage: "scope-failed"; scopeId: string; message: string }
  | { stage: "warning"; message: string }
  | { stage: "retry"; scopeId: string; message: string }
  | { stage: "build" }
  | { stage: "render"; format: string }
  | { stage: "write"; dir: string }
  | { stage: "deliver"; targets: number };

export type OnProgress = (event: ProgressEvent) => void;
