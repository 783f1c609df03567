export { escapeHtml, reveal } from "./escape.js";
export { renderHtml } from "./render.js";
