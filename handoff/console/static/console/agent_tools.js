// Agents' tools in the console: the "/" canned-reply picker of reply, note and chat boxes,
// and the presence heartbeat. Texts are inserted as plain text (textarea values), never as markup.
(function () {
  "use strict";

  // --- canned replies: type "/" and a few letters, arrows to choose, Enter or Tab to insert ---
  var TRIGGER = /(^|\s)\/([a-z0-9-]*)$/;

  function picker(box) {
    var loading = null, matches = [], active = 0, start = -1;
    var list = document.createElement("ul");
    list.className = "canned-picker";
    list.id = box.id + "-canned";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.parentNode.insertBefore(list, box.nextSibling);
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-autocomplete", "list");

    function load() {  // one request per box, however fast the agent types
      loading = loading || fetch(box.getAttribute("data-canned"),
                                 {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {canned_replies: []}; })
        .then(function (data) { return data.canned_replies; });
      return loading;
    }

    function close() { list.hidden = true; matches = []; box.removeAttribute("aria-activedescendant"); }

    function show() {
      list.textContent = "";
      matches.forEach(function (r, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.className = i === active ? "active" : "";
        var key = document.createElement("strong");
        key.textContent = "/" + r.shortcut + " ";
        item.appendChild(key);
        item.appendChild(document.createTextNode(r.title));
        item.addEventListener("mousedown", function (e) { e.preventDefault(); active = i; insert(); });
        list.appendChild(item);
      });
      list.hidden = matches.length === 0;
      if (matches.length) { box.setAttribute("aria-activedescendant", list.id + "-" + active); }
    }

    function insert() {
      var chosen = matches[active];
      if (!chosen) { return; }
      var caret = box.selectionStart;
      box.value = box.value.slice(0, start) + chosen.text + box.value.slice(caret);
      var at = start + chosen.text.length;
      box.setSelectionRange(at, at);
      close();
    }

    box.addEventListener("input", function () {
      load().then(function (all) {
        // Read the box when the list is ready, not when the key was pressed: keys typed in between count.
        var before = box.value.slice(0, box.selectionStart);
        var m = TRIGGER.exec(before);
        if (!m) { close(); return; }
        var query = m[2];
        start = before.length - query.length - 1;
        matches = all.filter(function (r) {
          return r.shortcut.indexOf(query) !== -1 || r.title.toLowerCase().indexOf(query) !== -1;
        }).slice(0, 8);
        active = 0;
        show();
      });
    });

    box.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        show();
      } else if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        insert();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-canned]"), picker);

  // --- presence: the switch submits on change; activity keeps an available agent from going idle ---
  var form = document.getElementById("presence-form");
  if (form) {
    var select = form.querySelector("select");
    select.addEventListener("change", function () { form.submit(); });
    var active = false;
    ["keydown", "mousedown", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () { active = true; }, {passive: true});
    });
    setInterval(function () {
      if (!active || select.value !== "available") { return; }
      active = false;
      var body = new FormData();
      body.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
      fetch(form.getAttribute("data-seen"), {method: "POST", body: body, credentials: "same-origin",
                                            headers: {"Accept": "application/json"}});
    }, 60000);
  }
})();

// Times in words ("4 min ago"), the exact local time on hover; the live-chat counter follows the queue.
(function () {
  "use strict";
  function words(then) {
    var s = Math.round((Date.now() - then.getTime()) / 1000);
    var future = s < 0, a = Math.abs(s), text;
    if (a < 45) { return future ? "in a moment" : "just now"; }
    if (a < 3600) { text = Math.round(a / 60) + " min"; }
    else if (a < 86400) { text = Math.round(a / 3600) + " h"; }
    else if (a < 86400 * 30) { text = Math.round(a / 86400) + (Math.round(a / 86400) === 1 ? " day" : " days"); }
    else { return then.toLocaleDateString(); }
    return future ? "in " + text : text + " ago";
  }
  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll("time[datetime]"), function (el) {
      var then = new Date(el.getAttribute("datetime"));
      if (isNaN(then.getTime())) { return; }
      el.textContent = words(then);
      el.title = then.toLocaleString(undefined, {dateStyle: "medium", timeStyle: "short", timeZoneName: "short"});
    });
  }
  refresh();
  setInterval(refresh, 30000);

  // The live-chat counter and the chat offered to this agent (Accept, or it goes to the next agent).
  var live = document.getElementById("live-link");
  var offer = document.getElementById("chat-offer");
  var offerEnds = 0;
  function showOffer(data) {
    if (!offer) { return; }
    if (!data) { offer.hidden = true; offerEnds = 0; return; }
    ["customer", "subject", "seconds_left"].forEach(function (key) {
      offer.querySelector("[data-offer=" + key + "]").textContent = data[key] === null ? "" : String(data[key]);
    });
    offer.querySelector("form").setAttribute("action", data.accept_url);
    offerEnds = Date.now() + data.seconds_left * 1000;
    offer.hidden = false;
  }
  if (offer && !offer.hidden) {
    offerEnds = Date.now() + Number(offer.querySelector("[data-offer=seconds_left]").textContent) * 1000;
  }
  setInterval(function () {
    if (!offerEnds) { return; }
    var left = Math.max(0, Math.round((offerEnds - Date.now()) / 1000));
    offer.querySelector("[data-offer=seconds_left]").textContent = String(left);
    if (!left) { showOffer(null); }
  }, 1000);
  if (live) {
    var counter = live.querySelector("[data-count=live]");
    setInterval(function () {
      fetch(live.getAttribute("data-poll"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data) { counter.textContent = String(data.waiting); showOffer(data.offer); }
        })
        .catch(function () { /* the next poll retries */ });
    }, 5000);
  }
})();
