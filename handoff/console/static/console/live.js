// Live chat page: poll for the customer's messages and send the agent's without a reload.
// Text is inserted with textContent, so nothing a customer types can become markup.
(function () {
  "use strict";
  var log = document.getElementById("chat-log");
  if (!log) { return; }
  var pollUrl = log.getAttribute("data-poll");
  var after = parseInt(log.getAttribute("data-after") || "0", 10);
  var stateEl = document.getElementById("chat-state");
  var form = document.getElementById("chat-send");

  function append(m) {
    var div = document.createElement("div");
    div.className = "msg " + m.sender;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = m.sender + (m.ts ? " · " + m.ts : "");
    div.appendChild(who);
    div.appendChild(document.createTextNode(m.text));
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function poll() {
    fetch(pollUrl + "?after=" + after, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.messages.forEach(function (m) { append(m); after = Math.max(after, m.seq); });
        if (stateEl && stateEl.textContent !== data.state) {
          stateEl.textContent = data.state;
          if (data.state === "ended" && form) { form.remove(); }
        }
      })
      .catch(function () { /* a missed poll is retried on the next tick */ })
      .finally(function () { setTimeout(poll, 1500); });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.querySelector("textarea");
      if (!text.value.trim()) { return; }
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (r) { if (r.ok) { text.value = ""; text.focus(); } });
    });
  }
  setTimeout(poll, 500);
})();
