/*
 * SecureAI chat widget: one <script> tag plus a config object, like the seed's intercomSettings.
 *
 *   <script>
 *     window.secureaiChatSettings = {
 *       app_id: "secureai_app_id", name: "Customer Name", email: "customer@company.com",
 *       user_id: "customer_123", company: {id: "company_456", name: "Customer Company", plan: "professional"},
 *       subscription_tier: "professional", analyses_this_month: 1234, last_analysis_date: "2025-01-27",
 *       identity_token: "eyJ...",              // JWT {email, iat, exp} your server signs (HELPDESK_WIDGET_SECRET)
 *       rasa_url: "http://localhost:5005"      // the Rasa server (REST channel)
 *     };
 *   </script>
 *   <script src="https://support.secureai.com/widget/widget.js" async></script>
 *
 * The conversation survives page reloads (localStorage: sender id, history, live-chat state).
 * While a human agent holds the conversation, messages go to the support service, not to Rasa.
 */
(function () {
  "use strict";
  if (window.SecureAIChat) return;

  var settings = window.secureaiChatSettings || window.intercomSettings || {};
  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  // The service that served this script answers the live-chat calls.
  var serviceUrl = (settings.service_url || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/$/, "");
  var rasaUrl = (settings.rasa_url || "http://localhost:5005").replace(/\/$/, "");
  var storeKey = "secureai-chat:" + (settings.app_id || "default") + ":" + (settings.user_id || settings.email || "anonymous");
  var POLL_MS = settings.poll_ms || 2000;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (saved && saved.sender) return saved;
    } catch (e) { /* a corrupt entry starts a fresh conversation */ }
    return { sender: newId(), history: [], open: false, live: null };
  }
  var state = load();
  function save() {
    state.history = state.history.slice(-200);
    try { localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode: no memory */ }
  }

  // ---- DOM -------------------------------------------------------------------------
  var root = document.createElement("div");
  root.className = "sai-chat";
  root.innerHTML =
    '<button type="button" class="sai-launcher" aria-expanded="false" aria-controls="sai-panel">' +
    '<span aria-hidden="true">&#128172;</span> <span class="sai-launcher-label">Chat with support</span></button>' +
    '<section id="sai-panel" class="sai-panel" role="dialog" aria-modal="false" aria-labelledby="sai-title" hidden>' +
    '  <header class="sai-header"><h2 id="sai-title">SecureAI support</h2>' +
    '    <span class="sai-mode" aria-live="polite"></span>' +
    '    <button type="button" class="sai-close" aria-label="Close chat">&times;</button></header>' +
    '  <div class="sai-log" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation" tabindex="0"></div>' +
    '  <div class="sai-typing" aria-hidden="true" hidden><span></span><span></span><span></span></div>' +
    '  <p class="sai-status sai-visually-hidden" role="status" aria-live="polite"></p>' +
    '  <form class="sai-form">' +
    '    <label for="sai-input" class="sai-visually-hidden">Your message</label>' +
    '    <input id="sai-input" class="sai-input" type="text" autocomplete="off" maxlength="2000" placeholder="Type your message...">' +
    '    <button type="submit" class="sai-send">Send</button>' +
    '  </form>' +
    '</section>';
  var launcher = root.querySelector(".sai-launcher");
  var panel = root.querySelector(".sai-panel");
  var log = root.querySelector(".sai-log");
  var typing = root.querySelector(".sai-typing");
  var status = root.querySelector(".sai-status");
  var modeLabel = root.querySelector(".sai-mode");
  var form = root.querySelector(".sai-form");
  var input = root.querySelector(".sai-input");

  // A visitor whose site signed their identity opens their tickets in the customer portal,
  // signed in by that same identity (the service checks it; these are the fields it reads).
  var IDENTITY_FIELDS = ["email", "identity_token"];
  if (settings.email && settings.identity_token) {
    var portal = document.createElement("form");
    portal.method = "post";
    portal.action = serviceUrl + "/portal/sign-in/widget";
    portal.target = "_blank";
    portal.rel = "noopener";
    portal.className = "sai-portal";
    IDENTITY_FIELDS.forEach(function (name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = settings[name] || "";
      portal.appendChild(field);
    });
    var portalButton = document.createElement("button");
    portalButton.type = "submit";
    portalButton.className = "sai-portal-link";
    portalButton.textContent = "My tickets";
    portal.appendChild(portalButton);
    panel.querySelector(".sai-header").insertBefore(portal, panel.querySelector(".sai-close"));
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function safeUrl(url) { return /^(https?:\/\/|\/)/i.test(url) ? url : "#"; }
  // Plain text with [title](url) and bare links made clickable; everything else escaped.
  function render(text) {
    var html = escapeHtml(text)
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (_, title, url) {
        return '<a href="' + safeUrl(url) + '" target="_blank" rel="noopener">' + title + "</a>";
      })
      .replace(/(^|[\s(])(https?:\/\/[^\s<)]+)/g, function (_, lead, url) {
        return lead + '<a href="' + url + '" target="_blank" rel="noopener">' + url + "</a>";
      });
    return html.replace(/\n/g, "<br>");
  }

  var senderNames = { customer: "You", bot: "Assistant", agent: "Agent", system: "Support" };
  function show(message) {
    var item = document.createElement("div");
    item.className = "sai-msg sai-" + message.from;
    var who = message.from === "agent" && message.agent ? message.agent : senderNames[message.from];
    item.innerHTML = '<span class="sai-visually-hidden">' + escapeHtml(who) + ": </span>" + render(message.text || "");
    log.appendChild(item);
    if (message.buttons && message.buttons.length && !message.answered) {
      var group = document.createElement("div");
      group.className = "sai-buttons";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Quick replies");
      message.buttons.forEach(function (button) {
        var el = document.createElement("button");
        el.type = "button";
        el.className = "sai-quick";
        el.textContent = button.title;
        el.addEventListener("click", function () {
          message.answered = true;
          group.remove();
          save();
          send(button.payload, button.title);
        });
        group.appendChild(el);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
  }
  function add(message) {
    state.history.push(message);
    save();
    show(message);
  }
  function setTyping(on, who) {
    typing.hidden = !on;
    status.textContent = on ? (who || "The assistant") + " is typing" : "";
  }
  function setMode() {
    var live = state.live;
    modeLabel.textContent = !live ? "" : live.state === "active" ? "Agent " + (live.agent || "") + " is here" : "Waiting for an agent";
  }

  // ---- talking to the bot and to a human ----------------------------------------------
  function postJson(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  function customerMetadata() {
    var customer = {};
    Object.keys(settings).forEach(function (key) {
      if (["rasa_url", "service_url", "poll_ms"].indexOf(key) < 0) customer[key] = settings[key];
    });
    return customer;
  }

  function toBot(payload, shown) {
    setTyping(true);
    return postJson(rasaUrl + "/webhooks/rest/webhook", {
      sender: state.sender,
      message: payload,
      metadata: { customer: customerMetadata(), display_text: shown || null, app_id: settings.app_id || null }
    }).then(function (replies) {
      setTyping(false);
      var answered = false;
      replies.forEach(function (reply) {
        if (reply.text || (reply.buttons && reply.buttons.length)) {
          add({ from: "bot", text: reply.text || "", buttons: reply.buttons || [] });
          answered = true;
        }
        if (reply.custom && reply.custom.live_chat) { startLive(reply.custom.live_chat); answered = true; }
      });
      // Rasa answers nothing at all when a custom action failed (the action server is down):
      // say so, rather than leave the customer waiting; the next message is answered as usual.
      if (!answered) {
        add({ from: "system", text: "Sorry, I couldn't finish that just now. Please send your message again in a moment, or email support@secureai.com." });
      }
    }).catch(function () {
      setTyping(false);
      add({ from: "system", text: "Sorry, the assistant is not reachable right now. Please try again in a minute or email support@secureai.com." });
    });
  }

  function toAgent(text) {
    return postJson(serviceUrl + "/api/live-chats/" + encodeURIComponent(state.live.conversation_id) + "/messages", { text: text })
      .catch(function () {
        add({ from: "system", text: "Your message could not be delivered. Please try again, or email support@secureai.com." });
      });
  }

  function send(payload, shown) {
    add({ from: "customer", text: shown || payload });
    if (state.live && state.live.state !== "ended") return toAgent(shown || payload);
    return toBot(payload, shown);
  }

  var pollTimer = null;
  function startLive(live) {
    state.live = { conversation_id: live.conversation_id, state: live.state || "waiting", after: 0, agent: null };
    save();
    setMode();
    poll();
  }
  function poll() {
    clearTimeout(pollTimer);
    if (!state.live) return;
    var url = serviceUrl + "/api/live-chats/" + encodeURIComponent(state.live.conversation_id) + "/messages?after=" + state.live.after;
    fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); }).then(function (answer) {
      if (!state.live) return;
      (answer.messages || []).forEach(function (message) {
        state.live.after = Math.max(state.live.after, message.seq);
        if (message.sender !== "customer") add({ from: message.sender, text: message.text, agent: answer.agent });
      });
      state.live.state = answer.state;
      state.live.agent = answer.agent;
      if (answer.state === "ended") {
        state.live = null;
        add({ from: "system", text: "The agent has ended the chat. The assistant is here again if you need anything." });
      }
      save();
      setMode();
      if (state.live) pollTimer = setTimeout(poll, POLL_MS);
    }).catch(function () {
      if (state.live) pollTimer = setTimeout(poll, POLL_MS * 3);
    });
  }

  // ---- opening, closing, keyboard ------------------------------------------------------
  function open(focusInput) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    if (!state.history.length) toBot("/greet", null);
    if (focusInput !== false) input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }
  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  root.querySelector(".sai-close").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  function mount() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = serviceUrl + "/widget/widget.css";
    document.head.appendChild(css);
    document.body.appendChild(root);
    state.history.forEach(show);
    setMode();
    if (state.open) open(false);
    if (state.live) poll();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();

  window.SecureAIChat = { open: open, close: close, send: send, state: function () { return state; } };
})();
