// Progressive enhancement only; every page works without it.
(function () {
  // Opened from disk (file://) a folder link shows a listing, not its page: point at index.html.
  if (location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:/i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (/\/$/.test(parts[0]) || parts[0] === "." || parts[0] === "..") {
        parts[0] = parts[0].replace(/\/?$/, "/") + "index.html";
        a.setAttribute("href", parts.join("#"));
      }
    });
  }
  // Search needs http (Pagefind fetches its index; module scripts do not run from file://).
  var status = document.querySelector(".search-status");
  if (status && location.protocol === "file:") status.textContent = status.getAttribute("data-needs-server");
  // Remember the reader's edition so the language chooser can skip itself next time.
  var sw = document.querySelector("[data-lang-switch]");
  if (sw) sw.addEventListener("click", function () {
    try { localStorage.setItem("digest-lang", sw.getAttribute("hreflang").toLowerCase()); } catch (e) { /* storage off */ }
  });
  // Timeline filter by topic.
  var form = document.querySelector("[data-timeline-filter]");
  if (!form) return;
  form.hidden = false;
  form.addEventListener("change", function () {
    var topic = form.querySelector("input[name=topic]:checked").value;
    document.querySelectorAll("li.event").forEach(function (li) {
      var topics = (li.getAttribute("data-topics") || "").split(" ");
      li.hidden = topic !== "" && topics.indexOf(topic) < 0;
    });
    document.querySelectorAll("section.year").forEach(function (sec) {
      sec.hidden = !sec.querySelector("li.event:not([hidden])");
    });
  });
})();
