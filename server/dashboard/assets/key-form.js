// The API key field: the key is kept in this browser (api.js sends it as a Bearer token).
import { apiKey, setApiKey } from "./api.js";
import { $ } from "./state.js";

/** Wires the key form; `onChange` runs after the key is saved or cleared. */
export function setupKeyForm(onChange) {
  const input = $("#api-key");
  input.value = apiKey();
  showKeyState();
  $("#key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
    showKeyState();
    onChange();
  });
  $("#key-clear").addEventListener("click", () => {
    input.value = "";
    setApiKey("");
    showKeyState();
    onChange();
  });
}

function showKeyState() {
  $("#key-state").textContent = apiKey() ? "đã lưu khóa trên máy này" : "chưa có khóa";
}
