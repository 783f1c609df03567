export { escapeHtml, reveal } from "./escape.js";
export { renderHtml, renderHtmlWithFonts } from "./render.js";
