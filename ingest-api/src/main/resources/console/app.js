// Gatehouse admin console: a small single-page app over the admin API (/admin/v1). It signs in with
// the admin key once (the server answers with an HttpOnly session cookie) and sends the session's
// CSRF token on every state-changing call. A generated SCIM token or client secret lives only in the
// page's DOM until the next navigation: it is never stored anywhere in the browser. Every value from the
// API reaches the page as text (el() below), never as HTML.
"use strict";

// state.session: who is signed in ({role: "operator" | "owner" | "viewer", organization, email}).
const state = { csrf: null, session: null };
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
  state.session = null;
  document.body.classList.remove("member", "viewer");
  mount("#t-signin");
  $("#signin-key").focus();
  $("#org-signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    location.href = "/console/sso/login?organization=" + encodeURIComponent($("#org-signin-id").value.trim());
  });
  $("#signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const session = await api("POST", "/console/api/session", { adminKey: $("#signin-key").value });
      signedIn(session);
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

async function showOrg(id, tab, sub) {
  mount("#t-org");
  const org = await api("GET", "/admin/v1/tenants/" + encodeURIComponent(id));
  $("#org-name").textContent = org.name;
  $("#org-id").textContent = "Organization ID " + org.id;
  for (const a of document.querySelectorAll(".tabs a")) {
    a.href = "#/orgs/" + id + "/" + a.dataset.tab;
    a.classList.toggle("active", a.dataset.tab === tab);
  }
  const body = $("#tab-body");
  if (tab === "people" && sub) return showPerson(org, body, sub);
  if (tab === "people") return showPeople(org, body);
  if (tab === "health") return showHealth(org, body);
  if (tab === "activity") return showActivity(org, body);
  if (tab === "audit") return showAudit(body, org.id);
  if (tab === "members") return showMembers(org, body);
  return showSso(org, body);
}

function showProviderFields() {
  const oidc = $("#sso-provider").value === "oidc";
  $("#sso-directory-field").hidden = oidc;
  $("#sso-issuer-field").hidden = !oidc;
}

function renderSso(org) {
  $("#sso-redirect-uri").textContent = location.origin + "/console/sso/callback";
  if (org.sso) {
    $("#sso-provider").value = org.sso.provider;
    $("#sso-directory").value = org.sso.directoryId || "";
    $("#sso-issuer").value = org.sso.provider === "oidc" ? org.sso.issuer : "";
    $("#sso-client-id").value = org.sso.clientId || "";
    $("#sso-client-secret").value = "";
    $("#sso-client-secret").placeholder = org.sso.clientSecretSet ? "Set (leave blank to keep it)" : "";
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
  showProviderFields();
  $("#sso-provider").addEventListener("change", showProviderFields);
  const path = "/admin/v1/tenants/" + encodeURIComponent(org.id);
  $("#sso-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const body = { provider: $("#sso-provider").value, domains: $("#sso-domains").value.split(/[\s,]+/).filter(Boolean) };
      if (body.provider === "oidc") body.issuer = $("#sso-issuer").value.trim();
      else body.directoryId = $("#sso-directory").value.trim();
      if ($("#sso-client-id").value.trim()) body.clientId = $("#sso-client-id").value.trim();
      if ($("#sso-client-secret").value) body.clientSecret = $("#sso-client-secret").value;
      org = await api("PUT", path + "/sso", body);
      renderSso(org);
      flash("SSO configuration saved.");
      await clients.load();
    } catch (err) { flash(err.message, true); }
  });
  const clients = scimClients(() => org, path);
  $("#copy-url").addEventListener("click", () => copy($("#tenant-url"), $("#copy-url")));
  $("#copy-token").addEventListener("click", () => copy($("#token-value"), $("#copy-token")));
  $("#scim-save").addEventListener("click", async () => {
    const enabled = $("#scim-enabled").checked;
    try {
      org = await api("PUT", path + "/scim", { enabled });
      if (!enabled) { $("#token-value").value = ""; $("#token-box").hidden = true; }
      renderSso(org);
      flash(enabled ? "SCIM enabled." : "SCIM disabled; every token is revoked.");
      await clients.load();
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
  for (const radio of document.querySelectorAll("input[name=auth-mode]")) {
    radio.addEventListener("change", () => showAuthMode(radio.value));
  }
  clients.load().then((list) => {
    if (list.length > 0 && !org.activeTokens) {
      $("#auth-oauth").checked = true;
      showAuthMode("oauth");
    }
  }).catch((err) => flash(err.message, true));
}

function showAuthMode(mode) {
  $("#token-panel").hidden = mode !== "token";
  $("#oauth-panel").hidden = mode !== "oauth";
}

// The Entra ID directory's issuer and keys, which a federated credential of an organization whose SSO is
// Entra ID defaults to.
function entraDefaults(org) {
  if (!org.sso || org.sso.provider !== "entra-id") return { issuer: "", jwksUri: "" };
  const base = "https://login.microsoftonline.com/" + encodeURIComponent(org.sso.directoryId);
  return { issuer: base + "/v2.0", jwksUri: base + "/discovery/v2.0/keys" };
}

function secretStatus(s) {
  if (s.expired) return el("span", { class: "badge bad" }, "Expired");
  if (s.expiresSoon) return el("span", { class: "badge warn" }, "Expires within 30 days");
  return el("span", { class: "badge on" }, "Valid");
}

// The OAuth 2.0 client credentials panel: the Token and SCIM URLs, the clients with their secrets and
// federated credentials, and their buttons. load() fetches and renders the list and resolves to it.
function scimClients(currentOrg, path) {
  const base = path + "/scim/clients";
  const clientPath = (id) => base + "/" + encodeURIComponent(id);
  let clients = [];

  const showSecret = (result) => {
    $("#new-client-id").textContent = result.clientId;
    $("#new-secret-id").textContent = result.secretId;
    $("#new-secret-expires").textContent = when(result.expiresAt);
    $("#secret-value").value = result.clientSecret;
    $("#secret-box").hidden = false;
    $("#secret-value").focus();
    $("#secret-value").select();
  };
  const hideSecret = () => {
    $("#secret-value").value = "";
    $("#secret-box").hidden = true;
  };
  const act = async (work, message) => {
    try {
      await work();
      await load();
      if (message) flash(message);
    } catch (err) { flash(err.message, true); }
  };

  const federationForm = (c) => {
    const defaults = entraDefaults(currentOrg());
    const f = c.federation || {};
    const field = (name, label, value, required, placeholder) => el("div", {},
      el("label", { for: "fed-" + name + "-" + c.clientId }, label),
      el("input", Object.assign({ id: "fed-" + name + "-" + c.clientId, class: "mono fed-" + name, value: value || "",
        spellcheck: "false", placeholder: placeholder || "" }, required ? { required: "" } : {})));
    const form = el("form", { class: "federation-form", autocomplete: "off" },
      el("div", { class: "row2" },
        field("subject", "Subject (sub)", f.subject, true, "e.g. the managed identity's object ID"),
        field("audience", "Audience (aud)", f.audience, true, "api://AzureADTokenExchange")),
      el("div", { class: "row2" },
        field("issuer", "Issuer (iss)", f.issuer || defaults.issuer, false, "https://login.microsoftonline.com/<tenant>/v2.0"),
        field("jwks", "JWKS URI", f.jwksUri || defaults.jwksUri, false, "https://…/keys")),
      el("div", { class: "actions" },
        el("button", { type: "submit", class: "primary save-federation" }, "Save federated credential"),
        defaults.issuer ? el("span", { class: "muted" }, "Issuer and JWKS URI are those of the organization's Entra ID directory unless you change them.") : ""));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const body = { subject: form.querySelector(".fed-subject").value.trim(), audience: form.querySelector(".fed-audience").value.trim() };
      const issuer = form.querySelector(".fed-issuer").value.trim();
      const jwksUri = form.querySelector(".fed-jwks").value.trim();
      if (issuer) body.issuer = issuer;
      if (jwksUri) body.jwksUri = jwksUri;
      act(() => api("PUT", clientPath(c.clientId) + "/federation", body), "Federated credential saved.");
    });
    return form;
  };

  const federationView = (c) => {
    const f = c.federation;
    const form = federationForm(c);
    form.hidden = true;
    const toggle = el("button", { type: "button", class: "edit-federation" }, f ? "Edit" : "Set up federated credential");
    toggle.addEventListener("click", () => { form.hidden = !form.hidden; });
    const parts = [el("h4", {}, "Federated credential")];
    if (f) {
      const remove = el("button", { type: "button", class: "remove-federation" }, "Remove");
      remove.addEventListener("click", () => {
        if (!confirm("Remove the federated credential of this client?")) return;
        act(() => api("DELETE", clientPath(c.clientId) + "/federation"), "Federated credential removed.");
      });
      parts.push(el("dl", { class: "federation-facts" },
        el("dt", {}, "Issuer"), el("dd", { class: "mono" }, f.issuer),
        el("dt", {}, "Subject"), el("dd", { class: "mono" }, f.subject),
        el("dt", {}, "Audience"), el("dd", { class: "mono" }, f.audience),
        el("dt", {}, "JWKS URI"), el("dd", { class: "mono" }, f.jwksUri),
        el("dt", {}, "Last used"), el("dd", {}, f.lastUsedAt ? when(f.lastUsedAt) : "never")),
      el("div", { class: "actions" }, toggle, remove));
    } else {
      parts.push(el("p", { class: "muted" }, "None: the client authenticates with a secret. A federated credential "
        + "lets it present a token its identity platform signed (e.g. an Azure managed identity) instead."), toggle);
    }
    parts.push(form);
    return el("div", { class: "federation", "data-federation": c.clientId }, ...parts);
  };

  const clientView = (c) => {
    const addSecret = el("button", { type: "button", class: "add-secret" }, "Add secret");
    addSecret.addEventListener("click", async () => {
      try {
        const result = await api("POST", clientPath(c.clientId) + "/secrets", {});
        showSecret(result);
        await load();
        flash("New secret added. Copy it now.");
      } catch (err) { flash(err.message, true); }
    });
    addSecret.disabled = c.secrets.filter((s) => !s.expired).length >= 2;
    if (addSecret.disabled) addSecret.title = "A client holds at most two live secrets: revoke one first.";
    const remove = el("button", { type: "button", class: "delete-client danger" }, "Delete client");
    remove.addEventListener("click", () => {
      if (!confirm("Delete client " + (c.name ? "“" + c.name + "” " : "") + c.clientId
        + "? Whoever uses it can no longer get access tokens.")) return;
      act(async () => {
        await api("DELETE", clientPath(c.clientId));
        if ($("#new-client-id").textContent === c.clientId) hideSecret();
      }, "Client deleted.");
    });
    const warnings = [];
    if (c.secrets.some((s) => s.expired)) {
      warnings.push(el("p", { class: "warning bad secret-expired" },
        "⚠ A secret of this client has expired: it gets no more access tokens. Revoke it."));
    }
    if (c.secrets.some((s) => s.expiresSoon && !s.expired)) {
      warnings.push(el("p", { class: "warning secret-expiring" },
        "⚠ A secret of this client expires within 30 days: add a secret, put it into the identity provider, then revoke the old one."));
    }
    if (c.secrets.length === 0 && !c.federation) {
      warnings.push(el("p", { class: "warning" }, "This client has no secret and no federated credential: it cannot get access tokens."));
    }
    const rows = c.secrets.map((s) => {
      const revoke = el("button", { type: "button", class: "revoke-secret" }, "Revoke");
      revoke.addEventListener("click", () => {
        if (!confirm("Revoke secret " + s.secretId + "? It gets no more access tokens.")) return;
        act(async () => {
          await api("DELETE", clientPath(c.clientId) + "/secrets/" + encodeURIComponent(s.secretId));
          if ($("#new-secret-id").textContent === s.secretId) hideSecret();
        }, "Secret revoked.");
      });
      return el("tr", { "data-secret": s.secretId, class: s.expired ? "expired" : (s.expiresSoon ? "expiring" : "") },
        el("td", { class: "mono" }, s.secretId), el("td", { class: "muted" }, when(s.createdAt)),
        el("td", {}, when(s.expiresAt)), el("td", { class: "muted" }, s.lastUsedAt ? when(s.lastUsedAt) : "never"),
        el("td", {}, secretStatus(s)), el("td", { class: "right" }, revoke));
    });
    return el("div", { class: "client", "data-client": c.clientId },
      el("div", { class: "client-head" },
        el("div", {}, el("strong", { class: "client-name" }, c.name || "Unnamed client"), " ",
          el("span", { class: "muted" }, "created " + when(c.createdAt)),
          el("div", {}, el("span", { class: "muted" }, "Client ID "), el("code", { class: "client-id" }, c.clientId))),
        el("div", { class: "actions" }, addSecret, remove)),
      ...warnings,
      c.secrets.length === 0 ? el("p", { class: "muted" }, "No secrets.") : el("table", { class: "grid secrets" },
        el("thead", {}, el("tr", {}, el("th", {}, "Secret ID"), el("th", {}, "Created"), el("th", {}, "Expires"),
          el("th", {}, "Last used"), el("th", {}, "Status"), el("th", {}, ""))),
        el("tbody", {}, ...rows)),
      federationView(c));
  };

  const load = async () => {
    const org = currentOrg();
    let answer;
    try {
      answer = await api("GET", base);
    } catch (err) {
      if (org.scimEnabled) throw err;
      answer = { tokenUrl: "", scimUrl: org.scimUrl, clients: [] };
    }
    clients = answer.clients || [];
    $("#oauth-token-url").value = answer.tokenUrl || "";
    $("#oauth-scim-url").value = answer.scimUrl || org.scimUrl;
    $("#client-create").disabled = !org.scimEnabled;
    const hint = $("#clients-hint");
    hint.textContent = org.scimEnabled ? "" : "Enable SCIM and save to create a client.";
    if (!org.scimEnabled) hideSecret();
    $("#clients-empty").hidden = clients.length > 0;
    $("#client-list").replaceChildren(...clients.map(clientView));
    return clients;
  };

  $("#copy-token-url").addEventListener("click", () => copy($("#oauth-token-url"), $("#copy-token-url")));
  $("#copy-scim-url").addEventListener("click", () => copy($("#oauth-scim-url"), $("#copy-scim-url")));
  $("#copy-secret").addEventListener("click", () => copy($("#secret-value"), $("#copy-secret")));
  $("#client-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {};
    const name = $("#client-name").value.trim();
    const days = $("#client-days").value.trim();
    if (name) body.name = name;
    if (days) body.secretLifetimeDays = Number(days);
    try {
      const result = await api("POST", base, body);
      showSecret(result);
      $("#client-name").value = "";
      $("#client-days").value = "";
      await load();
      flash("Client created. Copy its secret now.");
    } catch (err) { flash(err.message, true); }
  });
  return { load };
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

const orgPath = (org) => "/admin/v1/tenants/" + encodeURIComponent(org.id);

function facts(dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v instanceof Node ? v : String(v ?? "—"))]));
}

async function showPeople(org, body) {
  body.replaceChildren($("#t-people").content.cloneNode(true));
  const search = async () => {
    const text = $("#people-search").value.trim();
    const answer = await api("GET", orgPath(org) + "/users?limit=50" + (text ? "&search=" + encodeURIComponent(text) : ""));
    $("#people-empty").hidden = answer.users.length > 0;
    $("#people-rows").replaceChildren(...answer.users.map((u) => {
      const href = "#/orgs/" + org.id + "/people/" + encodeURIComponent(u.id);
      const row = el("tr", { "data-user": u.id, onclick: () => { location.hash = href; } },
        el("td", { class: "mono" }, el("a", { href, class: "person-link" }, u.userName)), el("td", {}, u.displayName || ""),
        el("td", {}, el("span", { class: "badge " + (u.active ? "on" : "bad") }, u.active ? "active" : "disabled")),
        el("td", {}, String(u.version)));
      return row;
    }));
  };
  $("#people-form").addEventListener("submit", (e) => { e.preventDefault(); search().catch((err) => flash(err.message, true)); });
  $("#people-search").focus();
  await search();
}

/** Why this person can or cannot open doors, in one line. */
function verdict(person) {
  const behind = person.doorSystems.filter((d) => !d.upToDate);
  if (!person.active) return ["bad", "Disabled in the directory: opens no door" + (behind.length ? " once every door system has it (see below)." : ".")];
  // Past GATEHOUSE_DOOR_STATUS_LIMIT this API instance no longer keeps every door system's confirmation.
  const partial = person.doorSystemsComplete === false
    ? " This API instance keeps no more door status (its limit is reached): a door system's confirmation may be missing here." : "";
  if (person.doorSystems.length === 0) return ["warn", "No door system has confirmed this person yet." + partial];
  const rejected = behind.filter((d) => !d.applied);
  if (rejected.length) return ["bad", "Refused by " + rejected.map((d) => d.connector).join(", ") + ": see the timeline, fix the cause, then redrive on Provisioning health."];
  if (behind.length) return ["warn", "The current version has not reached " + behind.map((d) => d.connector).join(", ") + " yet." + partial];
  if (person.groups.length === 0) return ["warn", "Active and up to date everywhere, but in no group: their groups decide which doors open." + partial];
  return [partial ? "warn" : "", "Active, in " + person.groups.length + " group" + (person.groups.length > 1 ? "s" : "") + ", up to date at every door system." + partial];
}

function timelineRow(e) {
  if (e.kind === "door") {
    const cls = e.outcome === "applied" ? "on" : e.outcome === "retrying" ? "warn" : "bad";
    return el("tr", { class: "door" }, el("td", { class: "muted" }, when(e.at)), el("td", {}, "Pushed to " + e.connector),
      el("td", {}, String(e.version ?? "")), el("td", {}, el("span", { class: "badge " + cls }, e.outcome)),
      el("td", {}, e.detail || ""));
  }
  const ok = e.status < 400;
  const what = "SCIM " + e.operation + (e.via ? " of " + e.via : "");
  return el("tr", { class: "scim" }, el("td", { class: "muted" }, when(e.at)), el("td", {}, what),
    el("td", {}, String(e.version ?? "")), el("td", {}, el("span", { class: "badge " + (ok ? "on" : "bad") }, String(e.status))),
    el("td", {}, (e.changed && e.changed.length ? "changed " + e.changed.join(", ") : "") + (e.requestId ? " · request " + e.requestId : "")));
}

async function showPerson(org, body, userId) {
  body.replaceChildren($("#t-person").content.cloneNode(true));
  $("#person-back").href = "#/orgs/" + org.id + "/people";
  const load = async () => {
    const person = await api("GET", orgPath(org) + "/users/" + encodeURIComponent(userId));
    $("#person-name").textContent = person.displayName || person.userName;
    $("#person-id").textContent = "User ID " + person.id;
    const [cls, text] = verdict(person);
    $("#person-verdict").className = "verdict" + (cls ? " " + cls : "");
    $("#person-verdict").textContent = text;
    facts($("#person-facts"), [
      ["User name", person.userName], ["Active", person.active ? "yes" : "no"],
      ["Emails", person.emails.join(", ") || "—"], ["External ID", person.externalId],
      ["Groups", person.groups.map((g) => g.displayName || g.id).join(", ") || "none"],
      ["Metadata", Object.keys(person.metadata).length
        ? Object.entries(person.metadata).map(([k, v]) => k + ": " + (typeof v === "object" ? JSON.stringify(v) : v)).join("; ") : "—"],
      ["Version", person.version], ["Last changed", when(person.lastModified)]]);
    $("#person-doors-empty").hidden = person.doorSystems.length > 0;
    $("#person-doors").replaceChildren(...person.doorSystems.map((d) => el("tr", {},
      el("td", {}, d.connector), el("td", {}, String(d.version)),
      el("td", {}, el("span", { class: "badge " + (d.upToDate ? "on" : d.applied ? "warn" : "bad") },
        d.upToDate ? "up to date" : d.applied ? "older version" : "refused")),
      el("td", { class: "muted" }, when(d.at)))));
    const timeline = await api("GET", orgPath(org) + "/users/" + encodeURIComponent(userId) + "/timeline?limit=200");
    $("#timeline-empty").hidden = timeline.events.length > 0;
    $("#timeline-rows").replaceChildren(...timeline.events.map(timelineRow));
  };
  $("#person-refresh").addEventListener("click", () => load().catch((err) => flash(err.message, true)));
  await load();
}

async function showHealth(org, body) {
  body.replaceChildren($("#t-health").content.cloneNode(true));
  const load = async () => {
    const h = await api("GET", orgPath(org) + "/health");
    $("#health-status").replaceChildren(el("span", { class: "badge " + (h.status === "ok" ? "on" : "warn") },
      h.status === "ok" ? "Healthy" : "Needs attention"), " checked " + when(h.checkedAt));
    $("#health-warnings").replaceChildren(...h.warnings.map((w) => el("li", {}, w)));
    const idp = h.identityProvider;
    facts($("#health-idp"), [["SCIM", idp.scimEnabled ? "enabled" : "disabled"],
      ["Last call", idp.lastCallAt ? when(idp.lastCallAt) : "never"],
      ["Last hour", idp.lastHour.calls + " calls, " + idp.lastHour.failures + " failed"],
      ["Last 24 hours", idp.last24Hours.calls + " calls, " + idp.last24Hours.failures + " failed"]]);
    $("#health-failures-empty").hidden = idp.recentFailures.length > 0;
    $("#health-failures").replaceChildren(...idp.recentFailures.map((f) => el("tr", {},
      el("td", { class: "muted" }, when(f.at)), el("td", {}, f.operation), el("td", { class: "mono" }, f.resource),
      el("td", {}, String(f.status)), el("td", {}, f.detail || ""))));
    $("#health-doors-empty").hidden = h.doorSystems.length > 0;
    $("#health-doors").replaceChildren(...h.doorSystems.map((d) => {
      const redrive = el("button", { type: "button", class: "redrive", "data-connector": d.connector }, "Redrive");
      redrive.disabled = d.deadLetters === 0;
      redrive.addEventListener("click", async () => {
        try {
          const r = await api("POST", orgPath(org) + "/dead-letters/redrive", { connector: d.connector });
          flash(r.redriven + " change" + (r.redriven === 1 ? "" : "s") + " pushed to " + d.connector + " again.");
          await load();
        } catch (err) { flash(err.message, true); }
      });
      return el("tr", {}, el("td", {}, d.connector), el("td", { class: "muted" }, d.lastConfirmedAt ? when(d.lastConfirmedAt) : "never"),
        el("td", {}, d.behind === undefined ? "unknown" : d.behind + (d.behindSince ? " since " + when(d.behindSince) : "")),
        el("td", {}, el("span", { class: "badge " + (d.deadLetters ? "bad" : "on") }, String(d.deadLetters))),
        el("td", { class: "right" }, redrive));
    }));
    const letters = (await api("GET", orgPath(org) + "/dead-letters")).deadLetters;
    $("#health-letters").replaceChildren(...(letters.length === 0 ? [] : [el("h3", {}, "Dead letters"),
      el("table", { class: "grid" }, el("thead", {}, el("tr", {}, el("th", {}, "Door system"), el("th", {}, "Person"),
        el("th", {}, "Version"), el("th", {}, "Error"), el("th", {}, "When"))),
      el("tbody", {}, ...letters.map((l) => el("tr", {}, el("td", {}, l.connector),
        el("td", {}, el("a", { href: "#/orgs/" + org.id + "/people/" + encodeURIComponent(l.resourceId), class: "mono" }, l.resourceId)),
        el("td", {}, String(l.version)), el("td", {}, l.error), el("td", { class: "muted" }, when(l.at))))))]));
    $("#health-credentials-empty").hidden = h.credentials.length > 0;
    $("#health-credentials").replaceChildren(...h.credentials.map((c) => el("tr", {},
      el("td", {}, c.kind === "client-secret" ? "Client secret " + c.secretId + " of " + (c.clientName || c.clientId) : "Replaced SCIM token (grace period)"),
      el("td", {}, when(c.expiresAt)),
      el("td", {}, el("span", { class: "badge " + (c.status === "expired" ? "bad" : "warn") }, c.status)))));
  };
  $("#health-refresh").addEventListener("click", () => load().catch((err) => flash(err.message, true)));
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

// Who is signed in: the operator sees every organization; a console member only theirs, a viewer without
// change controls (the server refuses their changes whatever the page shows).
function signedIn(session) {
  state.csrf = session.csrfToken;
  state.session = session;
  document.body.classList.toggle("member", session.role !== "operator");
  document.body.classList.toggle("viewer", session.role === "viewer");
  $("#whoami").textContent = session.role === "operator" ? "Operator" : session.email + " · " + session.role;
}

async function showMembers(org, body) {
  body.replaceChildren($("#t-members").content.cloneNode(true));
  const path = "/admin/v1/tenants/" + encodeURIComponent(org.id) + "/console-members";
  let members = [];
  const render = () => {
    $("#members-empty").hidden = members.length > 0;
    $("#member-rows").replaceChildren(...members.map((m) => {
      const remove = el("button", { type: "button", class: "remove-member" }, "Remove");
      remove.addEventListener("click", () => save(members.filter((x) => x.email !== m.email), "Member removed."));
      return el("tr", { "data-member": m.email }, el("td", { class: "mono" }, m.email), el("td", {}, m.role),
        el("td", { class: "right" }, remove));
    }));
  };
  const save = async (list, message) => {
    try {
      members = (await api("PUT", path, list)).members;
      render();
      flash(message);
    } catch (err) { flash(err.message, true); }
  };
  $("#member-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const email = $("#member-email").value.trim().toLowerCase();
    save(members.filter((x) => x.email !== email).concat([{ email, role: $("#member-role").value }]), "Member saved.")
      .then(() => { $("#member-email").value = ""; });
  });
  members = (await api("GET", path)).members;
  render();
}

async function route() {
  if (!state.csrf) {
    try {
      signedIn(await api("GET", "/console/api/session"));
    } catch (e) {
      return showSignIn();
    }
  }
  $("#nav").hidden = false;
  const own = state.session && state.session.organization;
  if (own && !location.hash.startsWith("#/orgs/")) {
    history.replaceState(null, "", "#/orgs/" + encodeURIComponent(own) + "/sso");
  }
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === (parts[0] || "orgs"));
  try {
    if (parts[0] === "audit") {
      const main = $("#main");
      await showAudit(main, null);
      main.prepend(el("section", { class: "page-head" }, el("h1", {}, "Audit log")));
    } else if (parts[0] === "orgs" && parts[1]) {
      await showOrg(decodeURIComponent(parts[1]), parts[2] || "sso", parts[3] && decodeURIComponent(parts[3]));
    } else {
      await showOrgs();
    }
  } catch (err) {
    flash(err.message, true);
  }
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => {
  // A viewer's page shows values, never a way to change them: every field is read-only as it appears
  // (except a search, marked data-read).
  new MutationObserver(() => {
    if (!document.body.classList.contains("viewer")) return;
    for (const field of $("#main").querySelectorAll("input:not([readonly]):not([data-read]), select")) field.disabled = true;
  }).observe($("#main"), { childList: true, subtree: true });
  $("#signout").addEventListener("click", async () => {
    try { await api("DELETE", "/console/api/session"); } catch (e) { /* signed out either way */ }
    state.csrf = null;
    showSignIn();
  });
  route();
});
