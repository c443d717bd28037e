// Gatehouse admin console: a small single-page app over the admin API (/admin/v1). It signs in with
// the admin key once (the server answers with an HttpOnly session cookie) and sends the session's
// CSRF token on every state-changing call. A generated SCIM token lives only in the page's DOM until
// the next navigation: it is never stored anywhere in the browser.
"use strict";

const state = { csrf: null };
const $ = (sel, root = document) => root.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}

function flash(message, error = false) {
  const f = $("#flash");
  f.textContent = message;
  f.className = error ? "error" : "";
  f.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { f.hidden = true; }, 5000);
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  const response = await fetch(path, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401 && !path.startsWith("/console/api/session")) {
    state.csrf = null;
    showSignIn();
    throw new Error("Your session has ended; sign in again.");
  }
  if (!response.ok) throw new Error((data && data.error) || ("HTTP " + response.status));
  return data;
}

function mount(templateId) {
  const main = $("#main");
  main.replaceChildren($(templateId).content.cloneNode(true));
  main.setAttribute("aria-busy", "false");
  return main;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

function showSignIn() {
  $("#nav").hidden = true;
  mount("#t-signin");
  $("#signin-key").focus();
  $("#signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const session = await api("POST", "/console/api/session", { adminKey: $("#signin-key").value });
      state.csrf = session.csrfToken;
      $("#signin-key").value = "";
      if (!location.hash || location.hash === "#/") history.replaceState(null, "", "#/orgs");
      route();
    } catch (err) {
      flash(err.message, true);
    }
  });
}

async function showOrgs() {
  mount("#t-orgs");
  $("#new-org-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const org = await api("POST", "/admin/v1/tenants", { name: $("#new-org-name").value });
      flash("Organization “" + org.name + "” created.");
      location.hash = "#/orgs/" + org.id + "/sso";
    } catch (err) { flash(err.message, true); }
  });
  const orgs = await api("GET", "/admin/v1/tenants");
  const rows = $("#org-rows");
  $("#org-empty").hidden = orgs.length > 0;
  for (const o of orgs) {
    rows.append(el("tr", { "data-org": o.id },
      el("td", {}, el("a", { href: "#/orgs/" + o.id + "/sso", class: "org-link" }, o.name)),
      el("td", {}, o.sso ? el("span", { class: "badge on" }, "Entra ID") : el("span", { class: "badge" }, "Not set up")),
      el("td", {}, el("span", { class: "badge" + (o.scimEnabled ? " on" : "") }, o.scimEnabled ? "Enabled" : "Disabled")),
      el("td", { class: "muted" }, when(o.createdAt))));
  }
}

async function showOrg(id, tab) {
  mount("#t-org");
  const org = await api("GET", "/admin/v1/tenants/" + encodeURIComponent(id));
  $("#org-name").textContent = org.name;
  $("#org-id").textContent = "Organization ID " + org.id;
  for (const a of document.querySelectorAll(".tabs a")) {
    a.href = "#/orgs/" + id + "/" + a.dataset.tab;
    a.classList.toggle("active", a.dataset.tab === tab);
  }
  const body = $("#tab-body");
  if (tab === "activity") return showActivity(org, body);
  if (tab === "audit") return showAudit(body, org.id);
  return showSso(org, body);
}

function renderSso(org) {
  if (org.sso) {
    $("#sso-directory").value = org.sso.directoryId;
    $("#sso-domains").value = org.sso.domains.join(", ");
    $("#sso-state").textContent = "Saved " + when(org.sso.updatedAt);
  } else {
    $("#sso-state").textContent = "Not set up yet";
  }
  $("#tenant-url").value = org.scimUrl;
  $("#scim-enabled").checked = org.scimEnabled;
  const hint = $("#scim-hint");
  hint.className = "hint";
  if (!org.sso) {
    hint.textContent = "Set up single sign-on above before enabling SCIM.";
    hint.classList.add("bad");
  } else {
    hint.textContent = org.scimEnabled ? "SCIM is enabled." : "SCIM is disabled: identity providers cannot provision this organization.";
  }
  $("#generate-token").disabled = !org.scimEnabled;
  $("#token-count").textContent = org.scimEnabled
    ? (org.activeTokens ? org.activeTokens + " active token" + (org.activeTokens > 1 ? "s" : "") : "No token yet.")
    : "Enable SCIM and save to generate a token.";
}

async function copy(input, button) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (e) {
    input.select();
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = label; }, 1500);
}

function showSso(org, body) {
  body.replaceChildren($("#t-sso").content.cloneNode(true));
  renderSso(org);
  const path = "/admin/v1/tenants/" + encodeURIComponent(org.id);
  $("#sso-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      org = await api("PUT", path + "/sso", { provider: $("#sso-provider").value, directoryId: $("#sso-directory").value,
        domains: $("#sso-domains").value.split(/[\s,]+/).filter(Boolean) });
      renderSso(org);
      flash("SSO configuration saved.");
    } catch (err) { flash(err.message, true); }
  });
  $("#copy-url").addEventListener("click", () => copy($("#tenant-url"), $("#copy-url")));
  $("#copy-token").addEventListener("click", () => copy($("#token-value"), $("#copy-token")));
  $("#scim-save").addEventListener("click", async () => {
    const enabled = $("#scim-enabled").checked;
    try {
      org = await api("PUT", path + "/scim", { enabled });
      if (!enabled) { $("#token-value").value = ""; $("#token-box").hidden = true; }
      renderSso(org);
      flash(enabled ? "SCIM enabled." : "SCIM disabled; every token is revoked.");
    } catch (err) {
      $("#scim-enabled").checked = org.scimEnabled;
      flash(err.message, true);
    }
  });
  $("#generate-token").addEventListener("click", async () => {
    if (org.activeTokens && !confirm("Generating a new token revokes the current one. Continue?")) return;
    try {
      const result = await api("POST", path + "/scim/token");
      $("#token-value").value = result.token;
      $("#token-box").hidden = false;
      org = await api("GET", path);
      renderSso(org);
      flash("New token generated. Copy it now.");
    } catch (err) { flash(err.message, true); }
  });
}

async function showActivity(org, body) {
  body.replaceChildren($("#t-activity").content.cloneNode(true));
  const load = async () => {
    const entries = await api("GET", "/admin/v1/tenants/" + encodeURIComponent(org.id) + "/activity?limit=100");
    $("#activity-empty").hidden = entries.length > 0;
    $("#activity-rows").replaceChildren(...entries.map((e) => el("tr", {},
      el("td", { class: "muted" }, when(e.at)), el("td", {}, e.operation), el("td", { class: "mono" }, e.resource),
      el("td", {}, String(e.status)),
      el("td", {}, el("span", { class: "badge " + (e.outcome === "success" ? "on" : "bad") }, e.outcome)),
      el("td", {}, e.detail || ""))));
    const users = await api("GET", "/admin/v1/tenants/" + encodeURIComponent(org.id) + "/door-status?limit=50");
    $("#doors-empty").hidden = users.length > 0;
    $("#doors-rows").replaceChildren(...users.map((u) => el("tr", {},
      el("td", { class: "mono" }, u.userName), el("td", {}, u.active ? "yes" : "no"), el("td", {}, String(u.version)),
      el("td", {}, u.doorSystems.length === 0 ? "none confirmed yet"
        : u.doorSystems.map((d) => d.connector + " v" + d.version + (d.applied ? "" : " (rejected)")).join(", ")),
      el("td", {}, el("span", { class: "badge " + (u.upToDate ? "on" : "bad") }, u.upToDate ? "up to date" : "pending")))));
  };
  $("#activity-refresh").addEventListener("click", load);
  await load();
}

function describe(details) {
  if (!details) return "";
  return Object.entries(details).map(([k, v]) => k + ": " + (Array.isArray(v) ? v.join(", ") : v)).join("; ");
}

async function showAudit(body, orgId) {
  body.replaceChildren($("#t-audit").content.cloneNode(true));
  const load = async () => {
    const path = orgId ? "/admin/v1/tenants/" + encodeURIComponent(orgId) + "/audit" : "/admin/v1/audit";
    const entries = await api("GET", path + "?limit=200");
    $("#audit-empty").hidden = entries.length > 0;
    $("#audit-rows").replaceChildren(...entries.map((e) => el("tr", {},
      el("td", { class: "muted" }, when(e.at)), el("td", { class: "mono" }, e.action),
      el("td", { class: "mono" }, e.tenantId ? e.tenantId.slice(0, 8) : "—"),
      el("td", { class: "mono" }, e.actor), el("td", {}, e.channel + (e.source ? " · " + e.source : "")),
      el("td", {}, describe(e.details)))));
  };
  $("#audit-refresh").addEventListener("click", load);
  await load();
}

async function route() {
  if (!state.csrf) {
    try {
      state.csrf = (await api("GET", "/console/api/session")).csrfToken;
    } catch (e) {
      return showSignIn();
    }
  }
  $("#nav").hidden = false;
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === (parts[0] || "orgs"));
  try {
    if (parts[0] === "audit") {
      const main = $("#main");
      await showAudit(main, null);
      main.prepend(el("section", { class: "page-head" }, el("h1", {}, "Audit log")));
    } else if (parts[0] === "orgs" && parts[1]) {
      await showOrg(decodeURIComponent(parts[1]), parts[2] || "sso");
    } else {
      await showOrgs();
    }
  } catch (err) {
    flash(err.message, true);
  }
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  $("#signout").addEventListener("click", async () => {
    try { await api("DELETE", "/console/api/session"); } catch (e) { /* signed out either way */ }
    state.csrf = null;
    showSignIn();
  });
  route();
});
