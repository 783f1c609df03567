// Colours that mean the same in every format drawn by code (the PDF, the trend charts); report.css has its own
// palette for the page.
import type { RiskLevel } from "../evidence/types.js";

export const LEVEL_COLORS: Readonly<Record<RiskLevel, string>> = {
  critical: "#991b1b",
  high: "#c2410c",
  medium: "#a16207",
  low: "#1d4ed8",
};
export const NEW_COLOR = "#15803d";
export const RESOLVED_COLOR = "#6b7280";
