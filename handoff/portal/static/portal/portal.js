// Ticket form: suggest help-centre articles while the customer describes the problem.
// Links open in a new tab (the form stays) through the portal, which notes the article
// as read from this form (a form abandoned after that counts as deflection).
(function () {
  "use strict";
  var form = document.getElementById("new-ticket");
  if (!form) { return; }
  var box = document.getElementById("suggestions");
  var list = box.querySelector("ul");
  var subject = document.getElementById("subject");
  var description = document.getElementById("description");
  var draft = document.getElementById("draft").value;
  var timer = null;
  var asked = "";

  function show(articles) {
    list.textContent = "";
    articles.forEach(function (article) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = article.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = article.title + " (opens in a new tab)";
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = articles.length === 0;
  }

  function ask() {
    var text = (subject.value + " " + description.value).trim().slice(0, 300);
    if (text.length < 4 || text === asked) { return; }
    asked = text;
    var url = form.getAttribute("data-suggest-url") + "?draft=" + encodeURIComponent(draft) + "&q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { articles: [] }; })
      .then(function (data) { if (text === asked) { show(data.articles || []); } })
      .catch(function () { /* suggestions are a help; the form works without them */ });
  }

  function later() { clearTimeout(timer); timer = setTimeout(ask, 350); }
  subject.addEventListener("input", later);
  description.addEventListener("input", later);
})();
