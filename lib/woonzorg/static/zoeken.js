/* Zoeken in de handreikingen: zoekt in window.WZ_ZOEKINDEX (assets/zoekindex.js), zonder server of
   verzoek naar buiten. Tekst komt alleen als tekst in de pagina (textContent), nooit als HTML. */
(function () {
  "use strict";
  var form = document.getElementById("wz-zoeken");
  if (!form) return;
  var input = document.getElementById("wz-zoekterm");
  var status = document.getElementById("wz-zoekstatus");
  var list = document.getElementById("wz-zoekresultaten");
  var index = window.WZ_ZOEKINDEX || [];
  function plain(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var prepared = index.map(function (e) { return { e: e, kop: plain(e.t + " " + e.k), tekst: plain(e.x) }; });
  function snippet(text, word) {
    var at = plain(text).indexOf(word);
    if (at < 0) return text.slice(0, 160);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "… " : "") + text.slice(start, start + 180) + (start + 180 < text.length ? " …" : "");
  }
  function search() {
    var words = plain(input.value).split(/\s+/).filter(function (w) { return w.length > 1; });
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!words.length) { status.textContent = ""; return; }
    var hits = [];
    prepared.forEach(function (p) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inHead = p.kop.indexOf(words[i]) >= 0, inText = p.tekst.indexOf(words[i]) >= 0;
        if (!inHead && !inText) return;
        score += (inHead ? 3 : 0) + (inText ? 1 : 0);
      }
      hits.push({ p: p, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    status.textContent = hits.length === 0 ? "Geen resultaten." :
      hits.length + (hits.length === 1 ? " resultaat" : " resultaten") + (hits.length > 25 ? "; de eerste 25:" : ":");
    hits.slice(0, 25).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = h.p.e.u;
      a.textContent = h.p.e.t + (h.p.e.k ? " — " + h.p.e.k : "");
      var p = document.createElement("p");
      p.textContent = snippet(h.p.e.x, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", search);
})();
