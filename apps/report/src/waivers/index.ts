export { loadWaivers, parseWaivers, type Waiver, type WaiverSet } from "./load.js";
export { createWaive, targetOf, type Waive, waiverNotes } from "./match.js";
export { isCalendarDay, type WaiverEntry, waiverEntrySchema, waiverFileSchema } from "./schema.js";
