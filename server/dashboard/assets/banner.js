// The page's banner: what stops the whole page (no server, no key, a failed export).
import { $ } from "./state.js";

export function authMessage(error) {
  return `API yêu cầu khóa truy cập (${error.message}). Nhập khóa vào ô “Khóa truy cập API” ở góc trên rồi bấm Lưu.`;
}

export function showBanner(text) {
  const banner = $("#banner");
  banner.textContent = text;
  banner.hidden = false;
}

export function hideBanner() {
  $("#banner").hidden = true;
}
