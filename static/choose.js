// Root page: send the reader to the edition of their browser language (or their last choice).
(function () {
  var saved = null;
  try { saved = localStorage.getItem("digest-lang"); } catch (e) { /* storage off */ }
  var langs = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.toLowerCase(); });
  var pick = saved;
  if (!pick) {
    for (var i = 0; i < langs.length && !pick; i++) {
      var l = langs[i];
      if (/^zh-(hant|tw|hk|mo)/.test(l)) pick = "zh-hant";
      else if (/^zh/.test(l)) pick = "zh-hans";
    }
  }
  if (pick === "zh-hans" || pick === "zh-hant") location.replace(pick + "/");
})();
