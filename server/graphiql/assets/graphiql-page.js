// The GraphQL page: GraphiQL (from this server, no CDN) over POST /graphql, with the
// example operations of examples/ as tabs and in a picker, and the API key from the key
// field (kept in this browser, shared with the dashboard) sent as a Bearer token.
/* global React, ReactDOM, GraphiQL */

(() => {
  const KEY_STORAGE = "uap.apiKey"; // the dashboard's key too (same origin)
  const $ = (selector) => document.querySelector(selector);

  const storage = {
    get: (key) => {
      try {
        return localStorage.getItem(key) ?? "";
      } catch {
        return "";
      }
    },
    set: (key, value) => {
      try {
        if (value) localStorage.setItem(key, value);
        else localStorage.removeItem(key);
      } catch {
        /* storage disabled: the key lasts for this page only */
      }
    },
  };
  let memoryKey = storage.get(KEY_STORAGE);
  const apiKey = () => memoryKey;

  /** POST /graphql; the key as `Authorization: Bearer` unless the headers editor sets its own. */
  async function fetcher(params, options = {}) {
    const headers = { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(options.headers ?? {}) };
    const named = Object.keys(headers).map((h) => h.toLowerCase());
    if (apiKey() && !named.includes("authorization") && !named.includes("x-api-key")) headers.authorization = `Bearer ${apiKey()}`;
    const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify(params) });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `the server answered ${response.status}: ${text.slice(0, 300)}` }] };
    }
    if (response.status === 401)
      showBanner(`API yêu cầu khóa truy cập (${body.errors?.[0]?.message ?? response.status}). Nhập khóa vào ô “Khóa truy cập API” rồi bấm Lưu.`);
    else hideBanner();
    return body;
  }

  let examples = [];
  let root = null;
  let generation = 0;

  /** (Re)mounts GraphiQL: the examples as the first visit's tabs; `open` opens one example in a tab of its own. */
  function render(open = null) {
    generation++;
    const props = {
      key: generation,
      fetcher,
      defaultTabs: examples.map((e) => ({ query: e.query, variables: e.variables ?? undefined })),
      defaultEditorToolsVisibility: open?.variables ? "variables" : undefined,
      shouldPersistHeaders: false,
    };
    if (open) {
      props.query = open.query;
      props.variables = open.variables ?? "";
    }
    root.render(React.createElement(GraphiQL, props));
  }

  function fillPicker() {
    const picker = $("#example-picker");
    for (const example of examples) {
      const option = document.createElement("option");
      option.value = example.file;
      option.textContent = `${example.name} (${example.file})`;
      option.title = example.description;
      picker.append(option);
    }
    picker.addEventListener("change", () => {
      const example = examples.find((e) => e.file === picker.value);
      $("#example-description").textContent = example ? example.description : "";
      if (example) render(example);
    });
  }

  function setupKeyForm() {
    const input = $("#api-key");
    input.value = apiKey();
    const showState = () => {
      $("#key-state").textContent = apiKey() ? "đã lưu khóa trên máy này" : "chưa có khóa";
    };
    showState();
    const apply = (key) => {
      memoryKey = key;
      storage.set(KEY_STORAGE, key);
      showState();
      hideBanner();
      render(); // GraphiQL reads the schema again, with the key
    };
    $("#key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      apply(input.value.trim());
    });
    $("#key-clear").addEventListener("click", () => {
      input.value = "";
      apply("");
    });
  }

  function showBanner(text) {
    const banner = $("#banner");
    banner.textContent = text;
    banner.hidden = false;
  }

  function hideBanner() {
    $("#banner").hidden = true;
  }

  async function main() {
    const response = await fetch("/graphiql/examples.json");
    if (!response.ok) throw new Error(`/graphiql/examples.json: ${response.status}`);
    examples = await response.json();
    const container = $("#graphiql");
    container.replaceChildren();
    root = ReactDOM.createRoot(container);
    fillPicker();
    setupKeyForm();
    render();
    document.body.dataset.state = "ready";
  }

  main().catch((error) => {
    showBanner(`Không tải được trang GraphQL: ${error.message}`);
    document.body.dataset.state = "error";
  });
})();
